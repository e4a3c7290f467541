package io.sparkmagnum.operator.openstack;

/**
 * A failed OpenStack call, classified so that the reconciler can turn it into a condition reason.
 * Messages carry what OpenStack said (e.g. Magnum's error detail), never a credential or a token.
 */
public class OpenStackException extends Exception {
  /** The typed outcome of a failed call. */
  public enum Kind {
    /** Keystone refused the credentials (401). */
    AUTHENTICATION_FAILED,
    /** The credentials are valid but not allowed to do this (403). */
    FORBIDDEN,
    /** The bay, template or certificate does not exist (404). */
    NOT_FOUND,
    /** Several bays carry the name (409, or several exact-name matches in a list). */
    AMBIGUOUS,
    /** OpenStack did not answer usefully: 5xx, 429, connect or read timeout. Worth retrying. */
    UNAVAILABLE,
    /** Magnum refused the request (400 and other 4xx) with its detail. */
    REJECTED
  }

  private final Kind kind;

  public OpenStackException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public OpenStackException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** True when a later retry may succeed without anybody changing anything. */
  public boolean transientFailure() {
    return kind == Kind.UNAVAILABLE;
  }
}
