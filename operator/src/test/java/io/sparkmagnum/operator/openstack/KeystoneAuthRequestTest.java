package io.sparkmagnum.operator.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.openstack4j.core.transport.ObjectMapperSingleton;

/** The token request body, as OpenStack4j's mapper writes it onto the wire. */
class KeystoneAuthRequestTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void passwordWithUserAndProjectByNameInDomains() throws Exception {
    JsonNode auth = wire("""
        clouds:
          openstack:
            auth:
              auth_url: http://keystone:5000/v3
              username: alice
              password: pw
              project_name: analytics
              user_domain_name: Users
              project_domain_id: projects-id
        """);

    assertThat(auth.at("/identity/methods")).hasToString("[\"password\"]");
    assertThat(auth.at("/identity/password/user")).isEqualTo(JSON.readTree("""
        {"name": "alice", "domain": {"name": "Users"}, "password": "pw"}"""));
    assertThat(auth.at("/scope")).isEqualTo(JSON.readTree("""
        {"project": {"name": "analytics", "domain": {"id": "projects-id"}}}"""));
    assertThat(auth.has("application_credential")).isFalse();
  }

  @Test
  void passwordWithUserAndProjectById() throws Exception {
    JsonNode auth = wire("""
        clouds:
          openstack:
            auth:
              auth_url: http://keystone:5000/v3
              user_id: u-1
              password: pw
              project_id: p-1
        """);

    assertThat(auth.at("/identity/password/user")).isEqualTo(JSON.readTree("""
        {"id": "u-1", "password": "pw"}"""));
    assertThat(auth.at("/scope")).isEqualTo(JSON.readTree("""
        {"project": {"id": "p-1"}}"""));
  }

  @Test
  void applicationCredentialByIdHasNoScope() throws Exception {
    JsonNode auth = wire("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: http://keystone:5000/v3
              application_credential_id: ac-1
              application_credential_secret: top
        """);

    assertThat(auth).isEqualTo(JSON.readTree("""
        {"identity": {"methods": ["application_credential"],
                      "application_credential": {"id": "ac-1", "secret": "top"}}}"""));
  }

  @Test
  void applicationCredentialByNameNamesItsUser() throws Exception {
    JsonNode auth = wire("""
        clouds:
          openstack:
            auth_type: v3applicationcredential
            auth:
              auth_url: http://keystone:5000/v3
              application_credential_name: spark
              application_credential_secret: top
              username: alice
              user_domain_id: default
        """);

    assertThat(auth.at("/identity/application_credential")).isEqualTo(JSON.readTree("""
        {"name": "spark", "secret": "top", "user": {"name": "alice", "domain": {"id": "default"}}}"""));
  }

  @Test
  void toStringShowsNoSecret() throws Exception {
    KeystoneAuthRequest request = KeystoneAuthRequest.of(CloudCredentials.parse("""
        clouds:
          openstack:
            auth:
              auth_url: http://keystone:5000/v3
              user_id: u-1
              password: very-secret
              project_id: p-1
        """, null, null));
    assertThat(request.toString()).doesNotContain("very-secret");
    assertThat(request.identity().toString()).doesNotContain("very-secret");
  }

  private static JsonNode wire(String cloudsYaml) throws Exception {
    KeystoneAuthRequest request = KeystoneAuthRequest.of(CloudCredentials.parse(cloudsYaml, null, null));
    byte[] body = ObjectMapperSingleton.getContext(KeystoneAuthRequest.class).writer().writeValueAsBytes(request);
    JsonNode root = JSON.readTree(body);
    assertThat(root.fieldNames()).toIterable().containsExactly("auth");
    return root.get("auth");
  }
}
