package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeystoneTest {
  private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  private static final String OTHER_PROJECT_ID = "0b7c0c5f2d6e4d71a1f3b35c6e2a9d10";

  private final ManualClock clock = new ManualClock(START);
  private OpenStackSimulator sim;
  private ApiClient client;

  @BeforeEach
  void start() {
    sim =
        OpenStackSimulator.builder()
            .demoSeed()
            .project(new ProjectSeed(OTHER_PROJECT_ID, "other", "default"))
            .clock(clock)
            .tokenLifetime(Duration.ofMinutes(90))
            .start();
    client = new ApiClient(sim);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void versionDocumentAndVersionListForDiscovery() {
    ApiClient.Answer version = client.keystone("GET", "/v3", null, Map.of());
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().at("/version/id").asText()).isEqualTo("v3.14");
    assertThat(version.json().at("/version/status").asText()).isEqualTo("stable");
    assertThat(version.json().at("/version/links/0/href").asText()).isEqualTo(sim.authUrl() + "/");
    assertThat(version.json().at("/version/media-types/0/type").asText())
        .isEqualTo("application/vnd.openstack.identity-v3+json");

    ApiClient.Answer versions = client.keystone("GET", "/", null, Map.of());
    assertThat(versions.status()).isEqualTo(300);
    assertThat(versions.json().at("/versions/values/0/id").asText()).isEqualTo("v3.14");
  }

  @Test
  void passwordTokenCarriesTheRealBody() {
    ApiClient.Answer answer = client.passwordAuth("demo", DemoCloud.PASSWORD, "demo");

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.header("X-Subject-Token")).startsWith("gAAAAA").hasSizeGreaterThan(100);
    JsonNode token = answer.json().get("token");
    assertThat(token.get("methods")).hasSize(1);
    assertThat(token.at("/methods/0").asText()).isEqualTo("password");
    assertThat(token.at("/user/id").asText()).isEqualTo(DemoCloud.USER_ID);
    assertThat(token.at("/user/name").asText()).isEqualTo("demo");
    assertThat(token.at("/user/domain/id").asText()).isEqualTo("default");
    assertThat(token.at("/user/domain/name").asText()).isEqualTo("Default");
    assertThat(token.at("/project/id").asText()).isEqualTo(DemoCloud.PROJECT_ID);
    assertThat(token.at("/project/domain/name").asText()).isEqualTo("Default");
    assertThat(token.get("is_domain").asBoolean(true)).isFalse();
    assertThat(names(token.get("roles"))).containsExactly("member", "reader");
    assertThat(token.at("/roles/0/id").asText()).matches("[0-9a-f]{32}");
    assertThat(token.get("audit_ids")).hasSize(1);
    assertThat(token.get("issued_at").asText()).isEqualTo("2026-11-25T10:00:00.000000Z");
    assertThat(token.get("expires_at").asText()).isEqualTo("2026-11-25T11:30:00.000000Z");
    assertThat(token.has("application_credential")).isFalse();
  }

  @Test
  void catalogListsIdentityAndMagnumWithThreeInterfacesInRegionOne() {
    JsonNode catalog = client.passwordAuth("demo", DemoCloud.PASSWORD, "demo").json().at("/token/catalog");

    assertThat(catalog).hasSize(2);
    JsonNode identity = serviceOfType(catalog, "identity");
    JsonNode magnum = serviceOfType(catalog, "container-infra");
    assertThat(identity.get("name").asText()).isEqualTo("keystone");
    assertThat(magnum.get("name").asText()).isEqualTo("magnum");
    for (JsonNode service : List.of(identity, magnum)) {
      List<String> interfaces = new ArrayList<>();
      service.get("endpoints")
          .forEach(
              endpoint -> {
                interfaces.add(endpoint.get("interface").asText());
                assertThat(endpoint.get("region").asText()).isEqualTo("RegionOne");
                assertThat(endpoint.get("region_id").asText()).isEqualTo("RegionOne");
                assertThat(endpoint.get("id").asText()).matches("[0-9a-f]{32}");
              });
      assertThat(interfaces).containsExactly("public", "internal", "admin");
    }
    assertThat(magnum.at("/endpoints/0/url").asText()).isEqualTo(sim.magnumUrl()).endsWith("/v1");
    assertThat(identity.at("/endpoints/0/url").asText()).isEqualTo(sim.authUrl() + "/");
  }

  @Test
  void userAndProjectAlsoByIdAndDomainById() {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", List.of("password"),
                    "password", Map.of("user", Map.of("id", DemoCloud.USER_ID, "password", DemoCloud.PASSWORD))),
                "scope", Map.of("project", Map.of("id", DemoCloud.PROJECT_ID))));
    assertThat(client.keystone("POST", "/v3/auth/tokens", body, Map.of()).status()).isEqualTo(201);

    Map<String, Object> byDomainId =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", List.of("password"),
                    "password",
                        Map.of(
                            "user",
                            Map.of("name", "demo", "domain", Map.of("id", "default"), "password", DemoCloud.PASSWORD))),
                "scope", Map.of("project", Map.of("name", "demo", "domain", Map.of("id", "default")))));
    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", byDomainId, Map.of());
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().at("/token/project/id").asText()).isEqualTo(DemoCloud.PROJECT_ID);
  }

  @Test
  void wrongPasswordUnknownUserAndForeignProjectAreRefusedWithKeystonesBody() {
    for (ApiClient.Answer refused :
        List.of(
            client.passwordAuth("demo", "not-the-password", "demo"),
            client.passwordAuth("nobody", DemoCloud.PASSWORD, "demo"),
            client.passwordAuth("demo", DemoCloud.PASSWORD, "other"))) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().at("/error/code").asInt()).isEqualTo(401);
      assertThat(refused.json().at("/error/title").asText()).isEqualTo("Unauthorized");
      assertThat(refused.json().at("/error/message").asText())
          .isEqualTo("The request you have made requires authentication.");
      assertThat(refused.header("X-Subject-Token")).isNull();
      assertThat(refused.header("WWW-Authenticate")).startsWith("Keystone uri=");
      assertThat(refused.body()).doesNotContain(DemoCloud.PASSWORD);
    }
    assertThat(sim.counters().tokensIssued()).isZero();
    assertThat(sim.counters().keystoneCalls(Operations.TOKENS_CREATE)).isEqualTo(3);
  }

  @Test
  void malformedRequestIsABadRequest() {
    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", "{\"auth\": {}}", Map.of());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/error/title").asText()).isEqualTo("Bad Request");

    ApiClient.Answer notJson = client.keystone("POST", "/v3/auth/tokens", "not json", Map.of());
    assertThat(notJson.status()).isEqualTo(400);
  }

  @Test
  void applicationCredentialTokenByIdIsScopedToItsProject() {
    ApiClient.Answer answer =
        client.applicationCredentialAuth(DemoCloud.APPLICATION_CREDENTIAL_ID, DemoCloud.APPLICATION_CREDENTIAL_SECRET);

    assertThat(answer.status()).isEqualTo(201);
    JsonNode token = answer.json().get("token");
    assertThat(token.at("/methods/0").asText()).isEqualTo("application_credential");
    assertThat(token.at("/project/id").asText()).isEqualTo(DemoCloud.PROJECT_ID);
    assertThat(token.at("/user/id").asText()).isEqualTo(DemoCloud.USER_ID);
    assertThat(token.at("/application_credential/id").asText()).isEqualTo(DemoCloud.APPLICATION_CREDENTIAL_ID);
    assertThat(token.at("/application_credential/name").asText()).isEqualTo(DemoCloud.APPLICATION_CREDENTIAL_NAME);
    assertThat(token.at("/application_credential/restricted").asBoolean()).isTrue();
    assertThat(token.get("catalog")).hasSize(2);
  }

  @Test
  void applicationCredentialByNameAndUser() {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", List.of("application_credential"),
                    "application_credential",
                        Map.of(
                            "name", DemoCloud.APPLICATION_CREDENTIAL_NAME,
                            "secret", DemoCloud.APPLICATION_CREDENTIAL_SECRET,
                            "user", Map.of("name", "demo", "domain", Map.of("name", "Default"))))));
    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", body, Map.of());
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().at("/token/application_credential/id").asText())
        .isEqualTo(DemoCloud.APPLICATION_CREDENTIAL_ID);
  }

  @Test
  void wrongApplicationCredentialSecretIsUnauthorized() {
    ApiClient.Answer answer = client.applicationCredentialAuth(DemoCloud.APPLICATION_CREDENTIAL_ID, "wrong");
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json().at("/error/title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void reusingAnApplicationCredentialTokenForAnotherTokenIsForbidden() {
    String appCredentialToken =
        client
            .applicationCredentialAuth(DemoCloud.APPLICATION_CREDENTIAL_ID, DemoCloud.APPLICATION_CREDENTIAL_SECRET)
            .header("X-Subject-Token");

    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", tokenMethod(appCredentialToken), Map.of());

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().at("/error/code").asInt()).isEqualTo(403);
    assertThat(answer.json().at("/error/title").asText()).isEqualTo("Forbidden");
  }

  @Test
  void aPasswordTokenMayBeExchangedForAnotherToken() {
    String first = client.demoToken();

    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", tokenMethod(first), Map.of());

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.header("X-Subject-Token")).isNotEqualTo(first);
    assertThat(answer.json().at("/token/methods/0").asText()).isEqualTo("token");
    assertThat(answer.json().at("/token/project/id").asText()).isEqualTo(DemoCloud.PROJECT_ID);
  }

  @Test
  void unscopedTokenHasNoCatalog() {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", List.of("password"),
                    "password", Map.of("user", Map.of("id", DemoCloud.USER_ID, "password", DemoCloud.PASSWORD)))));
    ApiClient.Answer answer = client.keystone("POST", "/v3/auth/tokens", body, Map.of());
    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().get("token").has("catalog")).isFalse();
    assertThat(answer.json().get("token").has("project")).isFalse();
  }

  @Test
  void tokensAreValidatedAndRevoked() {
    String token = client.demoToken();
    Map<String, String> headers = Map.of("X-Auth-Token", token, "X-Subject-Token", token);

    ApiClient.Answer validation = client.keystone("GET", "/v3/auth/tokens", null, headers);
    assertThat(validation.status()).isEqualTo(200);
    assertThat(validation.json().at("/token/user/id").asText()).isEqualTo(DemoCloud.USER_ID);

    assertThat(client.keystone("DELETE", "/v3/auth/tokens", null, headers).status()).isEqualTo(204);
    assertThat(client.keystone("GET", "/v3/auth/tokens", null, headers).status()).isEqualTo(401);
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(401);
  }

  @Test
  void countsTokensPerUserAndApplicationCredential() {
    client.demoToken();
    client.demoToken();
    client.applicationCredentialAuth(DemoCloud.APPLICATION_CREDENTIAL_ID, DemoCloud.APPLICATION_CREDENTIAL_SECRET);

    assertThat(sim.counters().tokensIssued()).isEqualTo(3);
    assertThat(sim.counters().tokensIssuedToUser(DemoCloud.USER_ID)).isEqualTo(3);
    assertThat(sim.counters().tokensIssuedToApplicationCredential(DemoCloud.APPLICATION_CREDENTIAL_ID)).isEqualTo(1);
    assertThat(sim.counters().keystoneCalls()).containsEntry(Operations.TOKENS_CREATE, 3L);

    sim.counters().reset();
    assertThat(sim.counters().tokensIssued()).isZero();
  }

  private static Map<String, Object> tokenMethod(String tokenId) {
    return Map.of(
        "auth",
        Map.of(
            "identity",
            Map.of("methods", List.of("token"), "token", Map.of("id", tokenId)),
            "scope",
            Map.of("project", Map.of("id", DemoCloud.PROJECT_ID))));
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(item -> names.add(item.get("name").asText()));
    return names;
  }

  private static JsonNode serviceOfType(JsonNode catalog, String type) {
    for (JsonNode service : catalog) {
      if (service.get("type").asText().equals(type)) {
        return service;
      }
    }
    throw new AssertionError("no " + type + " in the catalog " + catalog);
  }
}
