package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Magnum's cross-cutting behaviour: versions, microversions, token checks, cluster templates. */
class MagnumApiTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T10:00:00Z"));
  private OpenStackSimulator sim;
  private ApiClient client;
  private String token;

  @BeforeEach
  void start() {
    sim =
        OpenStackSimulator.builder()
            .demoSeed()
            .clusterTemplate(ClusterTemplateSeed.builder("twin-model").build())
            .clusterTemplate(ClusterTemplateSeed.builder("twin-model").build())
            .clock(clock)
            .tokenLifetime(Duration.ofHours(1))
            .microversions("1.1", "1.11")
            .start();
    client = new ApiClient(sim);
    token = client.demoToken();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void rootAndV1AreReadableWithoutAToken() {
    ApiClient.Answer root = client.magnumGet("/", null);
    assertThat(root.status()).isEqualTo(200);
    assertThat(root.json().at("/versions/0/id").asText()).isEqualTo("v1");
    assertThat(root.json().at("/versions/0/min_version").asText()).isEqualTo("1.1");
    assertThat(root.json().at("/versions/0/max_version").asText()).isEqualTo("1.11");

    ApiClient.Answer v1 = client.magnumGet("/v1", null);
    assertThat(v1.status()).isEqualTo(200);
    assertThat(v1.json().get("id").asText()).isEqualTo("v1");
    assertThat(v1.header("OpenStack-API-Maximum-Version")).isEqualTo("container-infra 1.11");
  }

  @Test
  void everyOtherCallNeedsAValidUnexpiredToken() {
    ApiClient.Answer missing = client.magnumGet("/v1/clusters", null);
    assertThat(missing.status()).isEqualTo(401);
    assertThat(missing.json().at("/error/code").asInt()).isEqualTo(401);
    assertThat(missing.json().at("/error/title").asText()).isEqualTo("Unauthorized");
    assertThat(missing.header("WWW-Authenticate")).startsWith("Keystone uri=");

    assertThat(client.magnumGet("/v1/clusters", "gAAAAAforged").status()).isEqualTo(401);
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(200);

    clock.advance(Duration.ofMinutes(59));
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(1));
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(401);
    assertThat(sim.counters().magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(5);
  }

  @Test
  void anUnscopedTokenIsNotAllowedToUseMagnum() {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", List.of("password"),
                    "password", Map.of("user", Map.of("id", DemoCloud.USER_ID, "password", DemoCloud.PASSWORD)))));
    String unscoped = client.keystone("POST", "/v3/auth/tokens", body, Map.of()).header("X-Subject-Token");

    ApiClient.Answer answer = client.magnumGet("/v1/clusters", unscoped);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.json().at("/errors/0/detail").asText())
        .isEqualTo("Policy doesn't allow cluster:get_all to be performed.");
  }

  @Test
  void withoutAVersionHeaderTheMinimumIsUsedAndAllHeadersAreSet() {
    ApiClient.Answer answer = client.magnumGet("/v1/clusters", token);

    assertThat(answer.header("OpenStack-API-Version")).isEqualTo("container-infra 1.1");
    assertThat(answer.header("OpenStack-API-Minimum-Version")).isEqualTo("container-infra 1.1");
    assertThat(answer.header("OpenStack-API-Maximum-Version")).isEqualTo("container-infra 1.11");
  }

  @Test
  void latestAndExplicitVersionsInRangeAreAccepted() {
    ApiClient.Answer latest =
        client.magnum("GET", "/v1/clusters", null, token, "OpenStack-API-Version", "container-infra latest");
    assertThat(latest.status()).isEqualTo(200);
    assertThat(latest.header("OpenStack-API-Version")).isEqualTo("container-infra 1.11");

    ApiClient.Answer explicit =
        client.magnum("GET", "/v1/clusters", null, token, "OpenStack-API-Version", "container-infra 1.5");
    assertThat(explicit.status()).isEqualTo(200);
    assertThat(explicit.header("OpenStack-API-Version")).isEqualTo("container-infra 1.5");
  }

  @Test
  void versionsOutOfRangeAreNotAcceptable() {
    for (String header : List.of("container-infra 1.12", "container-infra 2.0", "container-infra 1.0")) {
      ApiClient.Answer answer =
          client.magnum("GET", "/v1/clusters", null, token, "OpenStack-API-Version", header);
      assertThat(answer.status()).as(header).isEqualTo(406);
      assertThat(answer.header("OpenStack-API-Maximum-Version")).isEqualTo("container-infra 1.11");
      JsonNode error = answer.json().at("/errors/0");
      assertThat(error.get("code").asText()).isEqualTo("magnum.microversion-unsupported");
      assertThat(error.get("max_version").asText()).isEqualTo("1.11");
      assertThat(error.get("min_version").asText()).isEqualTo("1.1");
    }
    ApiClient.Answer otherService =
        client.magnum("GET", "/v1/clusters", null, token, "OpenStack-API-Version", "compute 2.1");
    assertThat(otherService.status()).isEqualTo(406);
    ApiClient.Answer garbage =
        client.magnum("GET", "/v1/clusters", null, token, "OpenStack-API-Version", "container-infra one");
    assertThat(garbage.status()).isEqualTo(406);
  }

  @Test
  void theMaximumIsConfigurable() {
    try (OpenStackSimulator older = OpenStackSimulator.builder().demoSeed().microversions("1.1", "1.10").start()) {
      ApiClient olderClient = new ApiClient(older);
      String olderToken = olderClient.demoToken();
      assertThat(
              olderClient
                  .magnum("GET", "/v1/clusters", null, olderToken, "OpenStack-API-Version", "container-infra 1.11")
                  .status())
          .isEqualTo(406);
      assertThat(
              olderClient
                  .magnum("GET", "/v1/clusters", null, olderToken, "OpenStack-API-Version", "container-infra latest")
                  .header("OpenStack-API-Version"))
          .isEqualTo("container-infra 1.10");
    }
  }

  @Test
  void zeroNodesNeedMicroversion110() {
    Map<String, Object> body =
        Map.of("name", "empty", "cluster_template_id", DemoCloud.TEMPLATE_NAME, "node_count", 0);
    assertThat(client.magnum("POST", "/v1/clusters", body, token).status()).isEqualTo(400);
    assertThat(
            client.magnum("POST", "/v1/clusters", body, token, "OpenStack-API-Version", "container-infra 1.10")
                .status())
        .isEqualTo(202);
  }

  @Test
  void aMissingTemplateIsABadRequestBefore110AndNotFoundAfter() {
    Map<String, Object> body = Map.of("name", "b", "cluster_template_id", "nope");
    assertThat(client.magnum("POST", "/v1/clusters", body, token).status()).isEqualTo(400);
    assertThat(
            client.magnum("POST", "/v1/clusters", body, token, "OpenStack-API-Version", "container-infra 1.10")
                .status())
        .isEqualTo(404);
  }

  @Test
  void templatesAreListedAndFoundByUuidOrName() {
    ApiClient.Answer list = client.magnumGet("/v1/clustertemplates", token);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("clustertemplates")).hasSize(4);

    JsonNode byName = client.magnumGet("/v1/clustertemplates/" + DemoCloud.PLAIN_HTTP_TEMPLATE_NAME, token).json();
    assertThat(byName.get("uuid").asText()).isEqualTo(DemoCloud.PLAIN_HTTP_TEMPLATE_UUID);
    assertThat(byName.get("coe").asText()).isEqualTo("kubernetes");
    assertThat(byName.get("tls_disabled").asBoolean()).isTrue();
    assertThat(byName.get("keypair_id").asText()).isEqualTo("default");
    assertThat(byName.get("labels").get("kube_tag").asText()).isEqualTo("v1.27.8");
    assertThat(byName.has("image_id")).isTrue();
    assertThat(byName.has("master_lb_enabled")).isTrue();

    JsonNode byUuid = client.magnumGet("/v1/clustertemplates/" + DemoCloud.TEMPLATE_UUID, token).json();
    assertThat(byUuid.get("name").asText()).isEqualTo(DemoCloud.TEMPLATE_NAME);
    assertThat(byUuid.get("tls_disabled").asBoolean()).isFalse();
  }

  @Test
  void missingAndAmbiguousTemplates() {
    ApiClient.Answer missing = client.magnumGet("/v1/clustertemplates/nope", token);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().at("/errors/0/detail").asText()).isEqualTo("ClusterTemplate nope could not be found.");

    assertThat(client.magnumGet("/v1/clustertemplates/twin-model", token).status()).isEqualTo(409);
    assertThat(sim.counters().magnumCalls(Operations.CLUSTER_TEMPLATES_GET)).isEqualTo(2);
  }

  @Test
  void unknownPathsAndMethods() {
    assertThat(client.magnumGet("/v1/bays", token).status()).isEqualTo(404);
    assertThat(client.magnum("PUT", "/v1/clusters/" + DemoCloud.CLUSTER_UUID, "{}", token).status()).isEqualTo(405);
    assertThat(sim.counters().magnumCalls(Operations.UNKNOWN)).isEqualTo(2);
  }

  @Test
  void countsEveryOperation() {
    String uuid = client.createCluster(token, "counted", DemoCloud.TEMPLATE_NAME, 1);
    client.magnumGet("/v1/clusters/" + uuid, token);
    client.magnumGet("/v1/clusters/counted", token);
    client.magnumGet("/v1/clusters", token);
    client.magnum("PATCH", "/v1/clusters/" + uuid, List.of(Map.of("op", "replace", "path", "/node_count", "value", 2)),
        token);
    client.magnumGet("/v1/clustertemplates/" + DemoCloud.TEMPLATE_NAME, token);
    client.magnumGet("/v1/certificates/" + uuid, token);
    client.magnum("DELETE", "/v1/clusters/" + uuid, null, token);

    assertThat(sim.counters().magnumCalls())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "clusters.create", 1L,
                "clusters.get", 2L,
                "clusters.list", 1L,
                "clusters.update", 1L,
                "clustertemplates.get", 1L,
                "certificates.get", 1L,
                "clusters.delete", 1L));
  }
}
