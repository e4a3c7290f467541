package io.sparkmagnum.operator.openstack;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach and authenticate to one cloud of a clouds.yaml, as read from a Secret. A value: two
 * instances read from the same Secret content are equal, so it serves as the key of the session
 * (token) cache. {@link #toString()} never shows the password, the application credential secret
 * or the CA certificate.
 *
 * @param cloudName the entry of clouds.yaml these credentials come from
 * @param authUrl Keystone's v3 endpoint, always ending with {@code /v3}
 * @param user the user; null only for an application credential given by id
 * @param password null unless {@code method} is PASSWORD
 * @param project the scope; null for an application credential (it carries its own scope)
 * @param applicationCredential null unless {@code method} is APPLICATION_CREDENTIAL
 * @param region the catalog region to use, null for any
 * @param endpointInterface the catalog interface to use
 * @param verifyTls false when clouds.yaml says {@code verify: false}
 * @param caCertPem the PEM bundle from the Secret's {@code cacert} key, null for the JVM's trust store
 */
public record CloudCredentials(
    String cloudName,
    URI authUrl,
    AuthMethod method,
    Identity user,
    String password,
    Identity project,
    ApplicationCredential applicationCredential,
    String region,
    EndpointInterface endpointInterface,
    boolean verifyTls,
    String caCertPem) {

  /** The cloud used when a SparkCluster names none. */
  public static final String DEFAULT_CLOUD = "openstack";
  /** The Secret key holding clouds.yaml. */
  public static final String CLOUDS_YAML_KEY = "clouds.yaml";
  /** The optional Secret key holding a PEM CA bundle for Keystone and Magnum. */
  public static final String CACERT_KEY = "cacert";

  /** How the operator proves who it is to Keystone. */
  public enum AuthMethod {
    PASSWORD("password"),
    APPLICATION_CREDENTIAL("application_credential");

    private final String keystoneName;

    AuthMethod(String keystoneName) {
      this.keystoneName = keystoneName;
    }

    /** The name of the method in Keystone's {@code identity.methods}. */
    public String keystoneName() {
      return keystoneName;
    }
  }

  /** The catalog interface of the endpoints to use. */
  public enum EndpointInterface {
    PUBLIC,
    INTERNAL,
    ADMIN
  }

  /**
   * A Keystone user or project, by id or by name within a domain (domain by id or by name).
   * For a user or project by name at least one of the domain fields is set.
   */
  public record Identity(String id, String name, String domainId, String domainName) {}

  /** A Keystone application credential, by id, or by name for {@link CloudCredentials#user()}. */
  public record ApplicationCredential(String id, String name, String secret) {
    public ApplicationCredential {
      Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
      return "ApplicationCredential[id=" + id + ", name=" + name + ", secret=<redacted>]";
    }
  }

  public CloudCredentials {
    Objects.requireNonNull(cloudName, "cloudName");
    Objects.requireNonNull(authUrl, "authUrl");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(endpointInterface, "endpointInterface");
    if (method == AuthMethod.PASSWORD && (password == null || user == null || project == null)) {
      throw new IllegalArgumentException("password authentication needs a user, a password and a project");
    }
    if (method == AuthMethod.APPLICATION_CREDENTIAL && applicationCredential == null) {
      throw new IllegalArgumentException("application credential authentication needs the credential");
    }
  }

  /**
   * Reads the credentials of one cloud from a Secret's {@code data} (values base64-encoded, as
   * the API server returns them): key {@value #CLOUDS_YAML_KEY}, optional key {@value #CACERT_KEY}.
   *
   * @param cloudName the cloud to use; null or blank means {@value #DEFAULT_CLOUD}
   */
  public static CloudCredentials fromSecretData(Map<String, String> data, String cloudName)
      throws CredentialsException {
    return CloudsYaml.fromSecretData(data, cloudName);
  }

  /**
   * Reads the credentials of one cloud from the text of a clouds.yaml.
   *
   * @param cloudName the cloud to use; null or blank means {@value #DEFAULT_CLOUD}
   * @param caCertPem a PEM CA bundle trusted for Keystone and Magnum, or null
   */
  public static CloudCredentials parse(String cloudsYaml, String cloudName, String caCertPem)
      throws CredentialsException {
    return CloudsYaml.parse(cloudsYaml, cloudName, caCertPem);
  }

  @Override
  public String toString() {
    return "CloudCredentials[cloud="
        + cloudName
        + ", authUrl="
        + authUrl
        + ", method="
        + method
        + ", user="
        + user
        + ", password="
        + (password == null ? "null" : "<redacted>")
        + ", project="
        + project
        + ", applicationCredential="
        + applicationCredential
        + ", region="
        + region
        + ", interface="
        + endpointInterface
        + ", verifyTls="
        + verifyTls
        + ", caCert="
        + (caCertPem == null ? "none" : "<pem>")
        + "]";
  }
}
