package io.sparkmagnum.simulator;

/**
 * The seed {@link OpenStackSimulator.Builder#demoSeed()} installs: one project, one user with a
 * password, one application credential, two cluster templates (TLS and plain HTTP) and one
 * complete cluster. Fixed ids so that scripts and docs can name them. Demo values only.
 */
public final class DemoCloud {
  public static final String DOMAIN_ID = "default";
  public static final String DOMAIN_NAME = "Default";
  public static final String PROJECT_ID = "4a0f2e5cbd7d4f0b9b1c6c1f0e3a5d11";
  public static final String PROJECT_NAME = "demo";
  public static final String USER_ID = "9c2a1f7e3b5d4e6fa1b2c3d4e5f60718";
  public static final String USER_NAME = "demo";
  public static final String PASSWORD = "demo-password";
  public static final String APPLICATION_CREDENTIAL_ID = "5e1d7c3b9a2f4e8d8c7b6a5f4e3d2c1b";
  public static final String APPLICATION_CREDENTIAL_NAME = "spark-operator";
  public static final String APPLICATION_CREDENTIAL_SECRET = "demo-application-credential-secret";
  public static final String TEMPLATE_NAME = "k8s-model";
  public static final String TEMPLATE_UUID = "0562d357-8641-4759-8fed-8173f02c9633";
  public static final String PLAIN_HTTP_TEMPLATE_NAME = "k8s-model-notls";
  public static final String PLAIN_HTTP_TEMPLATE_UUID = "5b793604-fc64-4b40-8b8d-9b53c0d7c0a8";
  public static final String CLUSTER_NAME = "demo-bay";
  public static final String CLUSTER_UUID = "f3a1b2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b";

  private DemoCloud() {}

  /**
   * A clouds.yaml whose cloud {@code openstack} is a user (by name, in domain Default) with a password,
   * scoped to a project by name, in RegionOne on the public interface.
   */
  public static String passwordCloudsYaml(String authUrl, String username, String password, String projectName) {
    return """
        clouds:
          openstack:
            auth:
              auth_url: %s
              username: %s
              password: %s
              project_name: %s
              user_domain_name: %s
              project_domain_name: %s
            region_name: RegionOne
            interface: public
        """.formatted(authUrl, username, password, projectName, DOMAIN_NAME, DOMAIN_NAME);
  }

  /** The demo user's clouds.yaml ({@link #passwordCloudsYaml}) with the given password. */
  public static String passwordCloudsYaml(String authUrl, String password) {
    return passwordCloudsYaml(authUrl, USER_NAME, password, PROJECT_NAME);
  }

  /** A clouds.yaml whose cloud {@code openstack} is an application credential by id, in RegionOne. */
  public static String applicationCredentialCloudsYaml(String authUrl, String id, String secret) {
    return """
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: %s
              application_credential_id: %s
              application_credential_secret: %s
            region_name: RegionOne
        """.formatted(authUrl, id, secret);
  }
}
