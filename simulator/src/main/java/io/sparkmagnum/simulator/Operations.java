package io.sparkmagnum.simulator;

import java.util.Set;

/**
 * Names of the operations the simulator counts and can inject faults into. Every request is
 * classified into one of these before anything else happens, so a request answered with an
 * injected fault or a 401 is still counted.
 */
public final class Operations {
  /** Keystone: GET / and GET /v3. */
  public static final String IDENTITY_VERSIONS = "versions.get";
  /** Keystone: POST /v3/auth/tokens. */
  public static final String TOKENS_CREATE = "tokens.create";
  /** Keystone: GET, HEAD and DELETE /v3/auth/tokens (validation and revocation). */
  public static final String TOKENS_VALIDATE = "tokens.validate";

  /** Magnum: GET / and GET /v1. */
  public static final String MAGNUM_VERSIONS = "versions.get";
  public static final String CLUSTERS_CREATE = "clusters.create";
  public static final String CLUSTERS_GET = "clusters.get";
  public static final String CLUSTERS_LIST = "clusters.list";
  public static final String CLUSTERS_UPDATE = "clusters.update";
  public static final String CLUSTERS_DELETE = "clusters.delete";
  public static final String CLUSTER_TEMPLATES_GET = "clustertemplates.get";
  public static final String CLUSTER_TEMPLATES_LIST = "clustertemplates.list";
  public static final String CERTIFICATES_GET = "certificates.get";
  public static final String CERTIFICATES_SIGN = "certificates.sign";
  /** Anything the simulator does not implement (answered 404 or 405). */
  public static final String UNKNOWN = "unknown";

  static final Set<String> KEYSTONE_OPERATIONS =
      Set.of(IDENTITY_VERSIONS, TOKENS_CREATE, TOKENS_VALIDATE, UNKNOWN);
  static final Set<String> MAGNUM_OPERATIONS =
      Set.of(
          MAGNUM_VERSIONS,
          CLUSTERS_CREATE,
          CLUSTERS_GET,
          CLUSTERS_LIST,
          CLUSTERS_UPDATE,
          CLUSTERS_DELETE,
          CLUSTER_TEMPLATES_GET,
          CLUSTER_TEMPLATES_LIST,
          CERTIFICATES_GET,
          CERTIFICATES_SIGN,
          UNKNOWN);

  private Operations() {}

  static void requireKnown(Service service, String operation) {
    Set<String> known = service == Service.KEYSTONE ? KEYSTONE_OPERATIONS : MAGNUM_OPERATIONS;
    if (!known.contains(operation)) {
      throw new IllegalArgumentException(
          "unknown " + service + " operation '" + operation + "', expected one of " + known);
    }
  }
}
