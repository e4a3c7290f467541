package io.sparkmagnum.operator.testing.keystone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The real Keystone fixture answers like a cloud with Magnum: tokens, catalog, refusals. */
@Tag("integration")
class RealKeystoneIT {

  private static final URI MAGNUM = URI.create("http://127.0.0.1:9511/v1");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static RealKeystone keystone;

  @BeforeAll
  static void startKeystone() throws Exception {
    keystone = RealKeystone.start(MAGNUM);
  }

  @AfterAll
  static void stopKeystone() throws Exception {
    if (keystone != null) {
      keystone.close();
    }
  }

  @Test
  void passwordTokenIsScopedToTheProjectAndListsMagnum() throws Exception {
    HttpResponse<String> response =
        authenticate(
            passwordAuth(keystone.userName(), keystone.userDomainName(), keystone.password()));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.headers().firstValue("X-Subject-Token")).get().asString().isNotBlank();
    JsonNode token = JSON.readTree(response.body()).path("token");
    assertThat(token.at("/user/id").asText()).isEqualTo(keystone.userId());
    assertThat(token.at("/project/id").asText()).isEqualTo(keystone.projectId());
    assertThat(token.at("/project/name").asText()).isEqualTo(keystone.projectName());
    assertThat(names(token.path("roles"))).contains(RealKeystone.MEMBER_ROLE);
    assertMagnumInCatalog(token);
  }

  @Test
  void applicationCredentialTokenIsScopedToTheProjectAndListsMagnum() throws Exception {
    HttpResponse<String> response =
        authenticate(
            applicationCredentialAuth(
                keystone.applicationCredentialId(), keystone.applicationCredentialSecret()));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonNode token = JSON.readTree(response.body()).path("token");
    assertThat(token.at("/methods/0").asText()).isEqualTo("application_credential");
    assertThat(token.at("/application_credential/id").asText())
        .isEqualTo(keystone.applicationCredentialId());
    assertThat(token.at("/project/id").asText()).isEqualTo(keystone.projectId());
    assertMagnumInCatalog(token);
  }

  @Test
  void wrongPasswordIsRefusedWith401() throws Exception {
    HttpResponse<String> response =
        authenticate(
            passwordAuth(keystone.userName(), keystone.userDomainName(), keystone.password() + "x"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(response.body()).at("/error/code").asInt()).isEqualTo(401);
  }

  @Test
  void wrongApplicationCredentialSecretIsRefusedWith401() throws Exception {
    HttpResponse<String> response =
        authenticate(applicationCredentialAuth(keystone.applicationCredentialId(), "not-the-secret"));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void passwordCloudsYamlHoldsCredentialsKeystoneAccepts() throws Exception {
    JsonNode cloud = new YAMLMapper().readTree(keystone.cloudsYamlWithPassword("openstack")).at("/clouds/openstack");
    JsonNode auth = cloud.path("auth");

    assertThat(cloud.path("auth_type").asText()).isEqualTo("password");
    assertThat(cloud.path("region_name").asText()).isEqualTo("RegionOne");
    assertThat(auth.path("auth_url").asText()).isEqualTo(keystone.authUrl().toString());
    assertThat(auth.path("project_name").asText()).isEqualTo(keystone.projectName());
    assertThat(auth.path("project_domain_name").asText()).isEqualTo(keystone.projectDomainName());
    HttpResponse<String> response =
        authenticate(
            passwordAuth(
                auth.path("username").asText(),
                auth.path("user_domain_name").asText(),
                auth.path("password").asText()));
    assertThat(response.statusCode()).isEqualTo(201);
  }

  @Test
  void applicationCredentialCloudsYamlHoldsCredentialsKeystoneAccepts() throws Exception {
    JsonNode cloud =
        new YAMLMapper().readTree(keystone.cloudsYamlWithApplicationCredential("mycloud")).at("/clouds/mycloud");
    JsonNode auth = cloud.path("auth");

    assertThat(cloud.path("auth_type").asText()).isEqualTo("v3applicationcredential");
    assertThat(auth.path("auth_url").asText()).isEqualTo(keystone.authUrl().toString());
    HttpResponse<String> response =
        authenticate(
            applicationCredentialAuth(
                auth.path("application_credential_id").asText(),
                auth.path("application_credential_secret").asText()));
    assertThat(response.statusCode()).isEqualTo(201);
  }

  private static void assertMagnumInCatalog(JsonNode token) {
    List<JsonNode> magnum =
        StreamSupport.stream(token.path("catalog").spliterator(), false)
            .filter(service -> service.path("type").asText().equals(RealKeystone.MAGNUM_SERVICE_TYPE))
            .toList();
    assertThat(magnum).hasSize(1);
    assertThat(magnum.get(0).path("name").asText()).isEqualTo("magnum");
    List<String> endpoints =
        StreamSupport.stream(magnum.get(0).path("endpoints").spliterator(), false)
            .map(e -> e.path("interface").asText() + " " + e.path("region").asText() + " " + e.path("url").asText())
            .toList();
    assertThat(endpoints)
        .containsExactlyInAnyOrder(
            "public RegionOne " + MAGNUM, "internal RegionOne " + MAGNUM, "admin RegionOne " + MAGNUM);
  }

  private static List<String> names(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
  }

  private static Map<String, Object> passwordAuth(String userName, String userDomain, String password) {
    return Map.of(
        "identity",
        Map.of(
            "methods",
            List.of("password"),
            "password",
            Map.of(
                "user",
                Map.of("name", userName, "domain", Map.of("name", userDomain), "password", password))),
        "scope",
        Map.of(
            "project",
            Map.of(
                "name", keystone.projectName(),
                "domain", Map.of("name", keystone.projectDomainName()))));
  }

  private static Map<String, Object> applicationCredentialAuth(String id, String secret) {
    return Map.of(
        "identity",
        Map.of(
            "methods",
            List.of("application_credential"),
            "application_credential",
            Map.of("id", id, "secret", secret)));
  }

  private static HttpResponse<String> authenticate(Map<String, Object> auth)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(keystone.authUrl() + "/auth/tokens"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("auth", auth))))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
