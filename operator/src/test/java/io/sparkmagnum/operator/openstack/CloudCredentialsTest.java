package io.sparkmagnum.operator.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkmagnum.operator.openstack.CloudCredentials.ApplicationCredential;
import io.sparkmagnum.operator.openstack.CloudCredentials.AuthMethod;
import io.sparkmagnum.operator.openstack.CloudCredentials.EndpointInterface;
import io.sparkmagnum.operator.openstack.CloudCredentials.Identity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudCredentialsTest {

  private static final String PASSWORD = "s3cr3t-Pa55";
  private static final String APP_SECRET = "app-Secr3t-value";

  private static final String PASSWORD_CLOUD = """
      clouds:
        openstack:
          auth:
            auth_url: https://keystone.example.com:5000
            username: alice
            password: s3cr3t-Pa55
            project_name: analytics
            user_domain_name: Users
            project_domain_name: Projects
          region_name: RegionTwo
          identity_api_version: 3
      """;

  @Test
  void readsAPasswordCloudWithUserAndProjectByNameInTheirDomains() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse(PASSWORD_CLOUD, null, null);

    assertThat(credentials.cloudName()).isEqualTo("openstack");
    assertThat(credentials.authUrl()).isEqualTo(URI.create("https://keystone.example.com:5000/v3"));
    assertThat(credentials.method()).isEqualTo(AuthMethod.PASSWORD);
    assertThat(credentials.user()).isEqualTo(new Identity(null, "alice", null, "Users"));
    assertThat(credentials.password()).isEqualTo(PASSWORD);
    assertThat(credentials.project()).isEqualTo(new Identity(null, "analytics", null, "Projects"));
    assertThat(credentials.applicationCredential()).isNull();
    assertThat(credentials.region()).isEqualTo("RegionTwo");
    assertThat(credentials.endpointInterface()).isEqualTo(EndpointInterface.PUBLIC);
    assertThat(credentials.verifyTls()).isTrue();
    assertThat(credentials.caCertPem()).isNull();
  }

  @Test
  void normalizesTheAuthUrlToKeystoneV3() throws Exception {
    assertThat(authUrlOf("https://k.example.com:5000/v3/")).isEqualTo("https://k.example.com:5000/v3");
    assertThat(authUrlOf("https://k.example.com:5000/v3")).isEqualTo("https://k.example.com:5000/v3");
    assertThat(authUrlOf("http://10.0.0.1/identity")).isEqualTo("http://10.0.0.1/identity/v3");
    assertThat(authUrlOf("http://10.0.0.1/identity/")).isEqualTo("http://10.0.0.1/identity/v3");
  }

  @Test
  void usesTheGenericDomainForUserAndProjectWhenNoSpecificOneIsGiven() throws Exception {
    CloudCredentials byName = CloudCredentials.parse(cloud("""
            username: alice
            password: pw
            project_name: analytics
            domain_name: Shared
        """), null, null);
    assertThat(byName.user()).isEqualTo(new Identity(null, "alice", null, "Shared"));
    assertThat(byName.project()).isEqualTo(new Identity(null, "analytics", null, "Shared"));

    CloudCredentials byId = CloudCredentials.parse(cloud("""
            username: alice
            password: pw
            project_name: analytics
            domain_id: default
        """), null, null);
    assertThat(byId.user()).isEqualTo(new Identity(null, "alice", "default", null));
    assertThat(byId.project()).isEqualTo(new Identity(null, "analytics", "default", null));
  }

  @Test
  void specificDomainsWinOverTheGenericOne() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse(cloud("""
            username: alice
            password: pw
            project_name: analytics
            user_domain_id: users-id
            project_domain_id: projects-id
            domain_name: Ignored
        """), null, null);
    assertThat(credentials.user()).isEqualTo(new Identity(null, "alice", "users-id", null));
    assertThat(credentials.project()).isEqualTo(new Identity(null, "analytics", "projects-id", null));
  }

  @Test
  void acceptsUserAndProjectByIdWithoutDomains() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse(cloud("""
            user_id: 0123abcd
            password: pw
            project_id: 4567ef
        """), null, null);
    assertThat(credentials.user()).isEqualTo(new Identity("0123abcd", null, null, null));
    assertThat(credentials.project()).isEqualTo(new Identity("4567ef", null, null, null));
  }

  @Test
  void readsAnApplicationCredentialById() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: https://keystone.example.com:5000/v3
              application_credential_id: ac-123
              application_credential_secret: app-Secr3t-value
            region_name: RegionOne
            interface: internal
        """, null, null);

    assertThat(credentials.method()).isEqualTo(AuthMethod.APPLICATION_CREDENTIAL);
    assertThat(credentials.applicationCredential()).isEqualTo(new ApplicationCredential("ac-123", null, APP_SECRET));
    assertThat(credentials.user()).isNull();
    assertThat(credentials.password()).isNull();
    assertThat(credentials.project()).isNull();
    assertThat(credentials.endpointInterface()).isEqualTo(EndpointInterface.INTERNAL);
  }

  @Test
  void readsAnApplicationCredentialByNameOfItsUser() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: https://keystone.example.com:5000/v3
              application_credential_name: spark
              application_credential_secret: app-Secr3t-value
              username: alice
              user_domain_name: Default
        """, null, null);

    assertThat(credentials.applicationCredential()).isEqualTo(new ApplicationCredential(null, "spark", APP_SECRET));
    assertThat(credentials.user()).isEqualTo(new Identity(null, "alice", null, "Default"));
  }

  @Test
  void anApplicationCredentialByNameNeedsItsUser() {
    assertThatThrownBy(() -> CloudCredentials.parse("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: https://keystone.example.com:5000/v3
              application_credential_name: spark
              application_credential_secret: app-Secr3t-value
        """, null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("auth.username")
        .hasMessageNotContaining(APP_SECRET);
  }

  @Test
  void infersAnApplicationCredentialWithoutAuthType() throws Exception {
    CloudCredentials credentials = CloudCredentials.parse(cloud("""
            application_credential_id: ac-1
            application_credential_secret: x
        """), null, null);
    assertThat(credentials.method()).isEqualTo(AuthMethod.APPLICATION_CREDENTIAL);
  }

  @Test
  void picksTheNamedCloud() throws Exception {
    String yaml = PASSWORD_CLOUD + """
          other:
            auth:
              auth_url: http://other.example.com:5000/v3
              application_credential_id: ac-9
              application_credential_secret: x
        """;
    assertThat(CloudCredentials.parse(yaml, "other", null).authUrl()).hasHost("other.example.com");
    assertThat(CloudCredentials.parse(yaml, "", null).cloudName()).isEqualTo("openstack");
    assertThatThrownBy(() -> CloudCredentials.parse(yaml, "missing", null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("no cloud named 'missing'")
        .hasMessageContaining("openstack")
        .hasMessageContaining("other");
  }

  @Test
  void honoursVerifyFalse() throws Exception {
    String yaml = PASSWORD_CLOUD + "    verify: false\n";
    assertThat(CloudCredentials.parse(yaml, null, null).verifyTls()).isFalse();
    assertThatThrownBy(() -> CloudCredentials.parse(PASSWORD_CLOUD + "    verify: /etc/ca.pem\n", null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("verify");
  }

  @Test
  void keepsAValidCaBundleAndRejectsAnythingElse() throws Exception {
    String pem = TestCertificates.forHost("keystone.example.com").caPem();
    assertThat(CloudCredentials.parse(PASSWORD_CLOUD, null, pem).caCertPem()).isEqualTo(pem);
    assertThat(CloudCredentials.parse(PASSWORD_CLOUD, null, "  \n").caCertPem()).isNull();
    assertThatThrownBy(() -> CloudCredentials.parse(PASSWORD_CLOUD, null, "not a certificate"))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("cacert")
        .hasMessageNotContaining("not a certificate");
  }

  @Test
  void acceptsLegacyInterfaceNamesAndRejectsUnknownOnes() throws Exception {
    assertThat(CloudCredentials.parse(PASSWORD_CLOUD + "    interface: adminURL\n", null, null).endpointInterface())
        .isEqualTo(EndpointInterface.ADMIN);
    assertThatThrownBy(() -> CloudCredentials.parse(PASSWORD_CLOUD + "    interface: private\n", null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("interface");
  }

  @Test
  void namesTheMissingFieldWithoutShowingAnyValue() {
    assertMissing(cloud("""
            username: alice
            password: s3cr3t-Pa55
            project_name: analytics
        """).replace("auth_url: https://keystone.example.com:5000/v3", "region: x"), "auth.auth_url");
    assertMissing(cloud("""
            username: alice
            project_name: analytics
            domain_name: Default
        """), "auth.password");
    assertMissing(cloud("""
            username: alice
            password: s3cr3t-Pa55
            domain_name: Default
        """), "auth.project_name");
    assertMissing(cloud("""
            username: alice
            password: s3cr3t-Pa55
            project_name: analytics
            project_domain_name: Default
        """), "auth.user_domain_name");
    assertMissing(cloud("""
            username: alice
            password: s3cr3t-Pa55
            project_name: analytics
            user_domain_name: Default
        """), "auth.project_domain_name");
    assertMissing(cloud("""
            password: s3cr3t-Pa55
            project_name: analytics
            domain_name: Default
        """), "auth.username");
    assertMissing("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: https://keystone.example.com:5000/v3
              application_credential_id: ac-1
        """, "auth.application_credential_secret");
    assertMissing("clouds:\n  openstack:\n    region_name: RegionOne\n", "auth");
  }

  @Test
  void rejectsWhatItCannotUse() {
    assertInvalid(PASSWORD_CLOUD.replace("auth_url: https://keystone.example.com:5000", "auth_url: keystone:5000"),
        "auth.auth_url");
    assertInvalid(PASSWORD_CLOUD.replace("https://keystone.example.com:5000", "https://keystone.example.com/v2.0"),
        "auth.auth_url");
    assertInvalid(PASSWORD_CLOUD.replace("https://keystone.example.com:5000",
        "https://alice:" + PASSWORD + "@keystone.example.com:5000"), "auth.auth_url");
    assertInvalid(PASSWORD_CLOUD.replace("identity_api_version: 3", "identity_api_version: 2"),
        "identity_api_version");
    assertInvalid(PASSWORD_CLOUD + "    auth_type: token\n", "auth_type");
    assertInvalid(PASSWORD_CLOUD.replace("username: alice", "username: [alice, bob]"), "auth.username");
  }

  @Test
  void reportsBrokenYamlByPositionOnlyAndWithoutACause() {
    String broken = """
        clouds:
          openstack:
            auth:
              password: "s3cr3t-Pa55
              username: alice
        """;
    assertThatThrownBy(() -> CloudCredentials.parse(broken, null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageStartingWith("clouds.yaml is not valid YAML (line")
        .hasMessageNotContaining(PASSWORD)
        .hasNoCause();
    assertThatThrownBy(() -> CloudCredentials.parse("just text", null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("not a YAML mapping");
    assertThatThrownBy(() -> CloudCredentials.parse("other: 1\n", null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("no 'clouds' mapping");
    assertThatThrownBy(() -> CloudCredentials.parse("", null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void readsTheSecretsKeys() throws Exception {
    String pem = TestCertificates.forHost("keystone.example.com").caPem();
    Map<String, String> data = new HashMap<>();
    data.put("clouds.yaml", base64(PASSWORD_CLOUD));
    data.put("cacert", base64(pem));
    CloudCredentials credentials = CloudCredentials.fromSecretData(data, "openstack");
    assertThat(credentials.password()).isEqualTo(PASSWORD);
    assertThat(credentials.caCertPem()).isEqualTo(pem);

    assertThatThrownBy(() -> CloudCredentials.fromSecretData(Map.of("cacert", base64(pem)), null))
        .isInstanceOf(CredentialsException.class)
        .hasMessage("the Secret has no key clouds.yaml");
    assertThatThrownBy(() -> CloudCredentials.fromSecretData(Map.of("clouds.yaml", "%%%"), null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining("base64");
  }

  @Test
  void toStringRedactsEverySecret() throws Exception {
    String pem = TestCertificates.forHost("keystone.example.com").caPem();
    CloudCredentials password = CloudCredentials.parse(PASSWORD_CLOUD, null, pem);
    CloudCredentials application = CloudCredentials.parse(cloud("""
            application_credential_id: ac-1
            application_credential_secret: app-Secr3t-value
        """), null, null);

    assertThat(password.toString())
        .contains("alice", "keystone.example.com", "<redacted>")
        .doesNotContain(PASSWORD)
        .doesNotContain(pem.lines().skip(1).findFirst().orElseThrow());
    assertThat(application.toString()).contains("ac-1", "<redacted>").doesNotContain(APP_SECRET);
    assertThat(application.applicationCredential().toString()).doesNotContain(APP_SECRET);
  }

  @Test
  void equalContentGivesEqualCacheKeys() throws Exception {
    CloudCredentials first = CloudCredentials.parse(PASSWORD_CLOUD, null, null);
    CloudCredentials second = CloudCredentials.parse(PASSWORD_CLOUD, "openstack", null);
    CloudCredentials otherPassword = CloudCredentials.parse(PASSWORD_CLOUD.replace(PASSWORD, "changed"), null, null);
    CloudCredentials otherCa = CloudCredentials.parse(PASSWORD_CLOUD, null,
        TestCertificates.forHost("keystone.example.com").caPem());

    assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
    assertThat(first).isNotEqualTo(otherPassword).isNotEqualTo(otherCa);
  }

  private static String authUrlOf(String authUrl) throws CredentialsException {
    return CloudCredentials.parse(PASSWORD_CLOUD.replace("https://keystone.example.com:5000", authUrl), null, null)
        .authUrl().toString();
  }

  /** A cloud "openstack" with the given auth lines (indented by 8) after its auth_url. */
  private static String cloud(String authLines) {
    return "clouds:\n  openstack:\n    auth:\n      auth_url: https://keystone.example.com:5000/v3\n"
        + authLines.stripTrailing().lines().map(line -> "      " + line.strip()).reduce((a, b) -> a + "\n" + b).orElse("")
        + "\n";
  }

  private static void assertMissing(String yaml, String field) {
    assertThatThrownBy(() -> CloudCredentials.parse(yaml, null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining(field)
        .hasMessageContaining("is missing")
        .hasMessageNotContaining(PASSWORD);
  }

  private static void assertInvalid(String yaml, String field) {
    assertThatThrownBy(() -> CloudCredentials.parse(yaml, null, null))
        .isInstanceOf(CredentialsException.class)
        .hasMessageContaining(field + " is invalid")
        .hasMessageNotContaining(PASSWORD);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
