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

class MagnumClustersTest {
  private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration CREATE = Duration.ofMinutes(10);
  private static final Duration UPDATE = Duration.ofMinutes(3);
  private static final Duration DELETE = Duration.ofMinutes(2);

  private final ManualClock clock = new ManualClock(START);
  private OpenStackSimulator sim;
  private ApiClient client;
  private String token;

  @BeforeEach
  void start() {
    sim =
        OpenStackSimulator.builder()
            .demoSeed()
            .cluster(ClusterSeed.builder("twin", DemoCloud.TEMPLATE_NAME).build())
            .cluster(ClusterSeed.builder("twin", DemoCloud.TEMPLATE_NAME).build())
            .clock(clock)
            .operationDurations(CREATE, UPDATE, DELETE)
            .start();
    client = new ApiClient(sim);
    token = client.demoToken();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void createAnswers202WithTheUuidOnly() {
    ApiClient.Answer answer =
        client.magnum(
            "POST",
            "/v1/clusters",
            Map.of("name", "bay1", "cluster_template_id", DemoCloud.TEMPLATE_NAME, "node_count", 2),
            token);

    assertThat(answer.status()).isEqualTo(202);
    assertThat(answer.json().size()).isEqualTo(1);
    assertThat(answer.json().get("uuid").asText()).matches("[0-9a-f-]{36}");
    assertThat(sim.clustersCreatedThroughApi()).isEqualTo(1);
  }

  @Test
  void createGoesThroughInProgressToCompleteAsTheClockAdvances() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_UUID, 2);

    JsonNode creating = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(creating.get("status").asText()).isEqualTo("CREATE_IN_PROGRESS");
    assertThat(creating.get("api_address").isNull()).isTrue();
    assertThat(creating.get("created_at").asText()).isEqualTo("2026-11-25T10:00:00+00:00");
    assertThat(creating.get("updated_at").isNull()).isTrue();

    clock.advance(CREATE.minusSeconds(1));
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
        .isEqualTo("CREATE_IN_PROGRESS");

    clock.advance(Duration.ofMinutes(5));
    JsonNode complete = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(complete.get("status").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(complete.get("status_reason").asText()).isEqualTo("Stack CREATE completed successfully");
    assertThat(complete.get("api_address").asText()).matches("https://172\\.24\\.\\d+\\.\\d+:6443");
    assertThat(complete.get("master_addresses")).hasSize(1);
    assertThat(complete.get("node_addresses")).hasSize(2);
    assertThat(complete.get("updated_at").asText()).isEqualTo("2026-11-25T10:10:00+00:00");
    assertThat(complete.get("health_status").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void fullBodyCarriesWhatTheOperatorReads() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 3);
    clock.advance(CREATE);

    JsonNode body = client.magnumGet("/v1/clusters/bay1", token).json();

    assertThat(body.get("uuid").asText()).isEqualTo(uuid);
    assertThat(body.get("name").asText()).isEqualTo("bay1");
    assertThat(body.get("cluster_template_id").asText()).isEqualTo(DemoCloud.TEMPLATE_UUID);
    assertThat(body.get("node_count").asInt()).isEqualTo(3);
    assertThat(body.get("master_count").asInt()).isEqualTo(1);
    assertThat(body.get("keypair").asText()).isEqualTo("default");
    assertThat(body.get("create_timeout").asInt()).isEqualTo(60);
    assertThat(body.get("project_id").asText()).isEqualTo(DemoCloud.PROJECT_ID);
    assertThat(body.get("user_id").asText()).isEqualTo(DemoCloud.USER_ID);
    assertThat(body.get("stack_id").asText()).matches("[0-9a-f-]{36}");
    assertThat(body.get("labels").get("kube_tag").asText()).isEqualTo("v1.27.8");
    assertThat(body.get("coe_version").asText()).isEqualTo("v1.27.8");
    assertThat(body.has("health_status_reason")).isTrue();
    assertThat(body.at("/links/0/rel").asText()).isEqualTo("self");
    assertThat(body.at("/links/0/href").asText()).isEqualTo(sim.magnumUrl() + "/clusters/" + uuid);
    assertThat(body.at("/links/1/rel").asText()).isEqualTo("bookmark");
  }

  @Test
  void listHasShortEntriesWithoutReasonOrAddress() {
    client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 1);

    ApiClient.Answer answer = client.magnumGet("/v1/clusters", token);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("next").isNull()).isTrue();
    JsonNode clusters = answer.json().get("clusters");
    assertThat(names(clusters)).containsExactly(DemoCloud.CLUSTER_NAME, "twin", "twin", "bay1");
    JsonNode entry = clusters.get(3);
    assertThat(entry.get("status").asText()).isEqualTo("CREATE_IN_PROGRESS");
    assertThat(entry.has("status_reason")).isFalse();
    assertThat(entry.has("api_address")).isFalse();
    for (String field :
        List.of(
            "uuid", "cluster_template_id", "keypair", "node_count", "master_count", "create_timeout", "stack_id",
            "health_status", "labels", "flavor_id", "master_flavor_id", "links")) {
      assertThat(entry.has(field)).as(field).isTrue();
    }
  }

  @Test
  void paginationFollowsLimitMarkerAndNext() {
    for (int i = 1; i <= 4; i++) {
      client.createCluster(token, "page" + i, DemoCloud.TEMPLATE_NAME, 1);
    }
    List<String> seen = new ArrayList<>();
    String path = "/v1/clusters?limit=3";
    int pages = 0;
    while (path != null) {
      JsonNode page = client.magnumGet(path, token).json();
      seen.addAll(names(page.get("clusters")));
      pages++;
      String next = page.get("next").isNull() ? null : page.get("next").asText();
      if (next != null) {
        assertThat(next).startsWith(sim.magnumUrl() + "/clusters?").contains("limit=3").contains("marker=");
        path = next.substring(next.indexOf("/v1/"));
      } else {
        path = null;
      }
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly(DemoCloud.CLUSTER_NAME, "twin", "twin", "page1", "page2", "page3", "page4");
  }

  @Test
  void sortKeyAndDirectionAreHonoured() {
    client.createCluster(token, "alpha", DemoCloud.TEMPLATE_NAME, 1);
    client.createCluster(token, "zulu", DemoCloud.TEMPLATE_NAME, 1);

    JsonNode sorted = client.magnumGet("/v1/clusters?sort_key=name&sort_dir=desc&limit=2", token).json();
    assertThat(names(sorted.get("clusters"))).containsExactly("zulu", "twin");

    assertThat(client.magnumGet("/v1/clusters?sort_dir=up", token).status()).isEqualTo(400);
    assertThat(client.magnumGet("/v1/clusters?sort_key=colour", token).status()).isEqualTo(400);
    assertThat(client.magnumGet("/v1/clusters?limit=0", token).status()).isEqualTo(400);
    ApiClient.Answer unknownMarker =
        client.magnumGet("/v1/clusters?marker=00000000-0000-4000-8000-000000000000", token);
    assertThat(unknownMarker.status()).isEqualTo(404);
  }

  @Test
  void aNameSharedByTwoClustersIsAConflictButTheirUuidsWork() {
    ApiClient.Answer answer = client.magnumGet("/v1/clusters/twin", token);

    assertThat(answer.status()).isEqualTo(409);
    JsonNode error = answer.json().at("/errors/0");
    assertThat(error.get("status").asInt()).isEqualTo(409);
    assertThat(error.get("code").asText()).isEqualTo("client");
    assertThat(error.get("detail").asText())
        .isEqualTo("Multiple clusters exist with same name. Please use the cluster uuid instead.");
    assertThat(error.get("title").asText()).isEqualTo("Multiple clusters exist with same name");
    assertThat(error.get("request_id").asText()).isEmpty();
    assertThat(error.get("links")).isEmpty();

    for (ClusterSnapshot twin : sim.clusters().stream().filter(c -> c.name().equals("twin")).toList()) {
      assertThat(client.magnumGet("/v1/clusters/" + twin.uuid(), token).status()).isEqualTo(200);
    }
    assertThat(client.magnum("DELETE", "/v1/clusters/twin", null, token).status()).isEqualTo(409);
  }

  @Test
  void missingClusterIs404WithMagnumsErrorBody() {
    ApiClient.Answer byName = client.magnumGet("/v1/clusters/ghost", token);
    assertThat(byName.status()).isEqualTo(404);
    assertThat(byName.json().at("/errors/0/detail").asText()).isEqualTo("Cluster ghost could not be found.");
    assertThat(byName.json().at("/errors/0/title").asText()).isEqualTo("Cluster ghost could not be found");

    ApiClient.Answer byUuid = client.magnumGet("/v1/clusters/4f1e9b68-7d53-4d33-9a2c-1d6a5b1f7c11", token);
    assertThat(byUuid.status()).isEqualTo(404);
  }

  @Test
  void resizeGoesThroughUpdateInProgressToUpdateComplete() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 1);
    clock.advance(CREATE);

    ApiClient.Answer patch = client.magnum("PATCH", "/v1/clusters/" + uuid, resize(4), token);

    assertThat(patch.status()).isEqualTo(202);
    assertThat(patch.json().get("uuid").asText()).isEqualTo(uuid);
    JsonNode updating = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(updating.get("status").asText()).isEqualTo("UPDATE_IN_PROGRESS");
    assertThat(updating.get("node_count").asInt()).isEqualTo(4);
    clock.advance(UPDATE);
    JsonNode updated = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(updated.get("status").asText()).isEqualTo("UPDATE_COMPLETE");
    assertThat(updated.get("status_reason").asText()).isEqualTo("Stack UPDATE completed successfully");
    assertThat(updated.get("node_addresses")).hasSize(4);
  }

  @Test
  void resizeIsSilentlyDroppedUnlessTheClusterIsComplete() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 1);

    ApiClient.Answer whileCreating = client.magnum("PATCH", "/v1/clusters/" + uuid, resize(5), token);
    assertThat(whileCreating.status()).isEqualTo(202);
    clock.advance(CREATE);
    JsonNode afterCreate = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(afterCreate.get("status").asText()).isEqualTo("CREATE_COMPLETE");
    assertThat(afterCreate.get("node_count").asInt()).isEqualTo(1);

    client.magnum("PATCH", "/v1/clusters/" + uuid, resize(2), token);
    ApiClient.Answer whileUpdating = client.magnum("PATCH", "/v1/clusters/" + uuid, resize(7), token);
    assertThat(whileUpdating.status()).isEqualTo(202);
    clock.advance(UPDATE);
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("node_count").asInt()).isEqualTo(2);
  }

  @Test
  void onlyNodeCountMayBePatched() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 1);
    clock.advance(CREATE);

    ApiClient.Answer rename =
        client.magnum("PATCH", "/v1/clusters/" + uuid, List.of(Map.of("op", "replace", "path", "/name", "value", "x")),
            token);
    assertThat(rename.status()).isEqualTo(400);
    assertThat(rename.json().at("/errors/0/detail").asText()).isEqualTo("cannot change cluster property(ies) name.");

    ApiClient.Answer internal =
        client.magnum(
            "PATCH", "/v1/clusters/" + uuid,
            List.of(Map.of("op", "replace", "path", "/api_address", "value", "x")), token);
    assertThat(internal.status()).isEqualTo(400);

    ApiClient.Answer notAList = client.magnum("PATCH", "/v1/clusters/" + uuid, Map.of("node_count", 3), token);
    assertThat(notAList.status()).isEqualTo(400);
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void deleteAnswers204ThenTheClusterIsGone() {
    String uuid = client.createCluster(token, "bay1", DemoCloud.TEMPLATE_NAME, 1);
    clock.advance(CREATE);

    ApiClient.Answer delete = client.magnum("DELETE", "/v1/clusters/" + uuid, null, token);

    assertThat(delete.status()).isEqualTo(204);
    assertThat(delete.body()).isEmpty();
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
        .isEqualTo("DELETE_IN_PROGRESS");
    clock.advance(DELETE);
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).status()).isEqualTo(404);
    assertThat(names(client.magnumGet("/v1/clusters", token).json().get("clusters"))).doesNotContain("bay1");
    assertThat(sim.clustersDeleted()).isEqualTo(1);
    assertThat(sim.clusterHistory()).anyMatch(cluster -> cluster.uuid().equals(uuid) && cluster.deleted());
    assertThat(sim.clustersCreatedThroughApi()).isEqualTo(1);
  }

  @Test
  void zeroDurationsMakeEveryTransitionInstant() {
    sim.operationDurations(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    String uuid = client.createCluster(token, "quick", DemoCloud.TEMPLATE_NAME, 1);

    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
        .isEqualTo("CREATE_COMPLETE");
    client.magnum("PATCH", "/v1/clusters/" + uuid, resize(2), token);
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
        .isEqualTo("UPDATE_COMPLETE");
    client.magnum("DELETE", "/v1/clusters/" + uuid, null, token);
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).status()).isEqualTo(404);
  }

  @Test
  void namesAreValidatedAsMagnumDoes() {
    assertThat(createWithName("1starts-with-digit").status()).isEqualTo(400);
    assertThat(createWithName("has space").status()).isEqualTo(400);
    assertThat(createWithName("a".repeat(243)).status()).isEqualTo(400);
    ApiClient.Answer invalid = createWithName("bad/name");
    assertThat(invalid.json().at("/errors/0/detail").asText())
        .contains("Value should match the pattern ^[a-zA-Z][a-zA-Z0-9_.-]*$");

    assertThat(createWithName("a".repeat(242)).status()).isEqualTo(202);
    assertThat(createWithName("Spark_bay-1.test").status()).isEqualTo(202);
  }

  @Test
  void aClusterWithoutANameGetsAGeneratedOne() {
    ApiClient.Answer answer =
        client.magnum("POST", "/v1/clusters", Map.of("cluster_template_id", DemoCloud.TEMPLATE_NAME), token);
    String uuid = answer.json().get("uuid").asText();
    assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("name").asText()).endsWith("-cluster");
  }

  @Test
  void createChecksTemplateAndAttributes() {
    ApiClient.Answer unknownTemplate =
        client.magnum("POST", "/v1/clusters", Map.of("name", "b", "cluster_template_id", "nope"), token);
    assertThat(unknownTemplate.status()).isEqualTo(400);
    assertThat(unknownTemplate.json().at("/errors/0/detail").asText())
        .isEqualTo("ClusterTemplate nope could not be found.");

    ApiClient.Answer unknownAttribute =
        client.magnum(
            "POST", "/v1/clusters",
            Map.of("name", "b", "cluster_template_id", DemoCloud.TEMPLATE_NAME, "bay_size", 3), token);
    assertThat(unknownAttribute.status()).isEqualTo(400);
    assertThat(unknownAttribute.json().at("/errors/0/detail").asText())
        .isEqualTo("Unknown attribute for argument cluster: bay_size");

    ApiClient.Answer noTemplate = client.magnum("POST", "/v1/clusters", Map.of("name", "b"), token);
    assertThat(noTemplate.status()).isEqualTo(400);
    assertThat(sim.clustersCreatedThroughApi()).isZero();
  }

  @Test
  void labelsComeFromTheTemplateUnlessGivenOrMerged() {
    String inherited = client.createCluster(token, "inherits", DemoCloud.TEMPLATE_NAME, 1);
    ApiClient.Answer own =
        client.magnum(
            "POST", "/v1/clusters",
            Map.of("name", "own", "cluster_template_id", DemoCloud.TEMPLATE_NAME, "labels", Map.of("a", "1")), token);
    ApiClient.Answer merged =
        client.magnum(
            "POST", "/v1/clusters",
            Map.of(
                "name", "merged", "cluster_template_id", DemoCloud.TEMPLATE_NAME, "labels", Map.of("a", "1"),
                "merge_labels", true),
            token);

    assertThat(sim.cluster(inherited).orElseThrow().labels()).isEqualTo(Map.of("kube_tag", "v1.27.8"));
    assertThat(sim.cluster(own.json().get("uuid").asText()).orElseThrow().labels()).isEqualTo(Map.of("a", "1"));
    assertThat(sim.cluster(merged.json().get("uuid").asText()).orElseThrow().labels())
        .isEqualTo(Map.of("a", "1", "kube_tag", "v1.27.8"));
    JsonNode ownBody = client.magnumGet("/v1/clusters/own", token).json();
    assertThat(ownBody.at("/labels_added/a").asText()).isEqualTo("1");
    assertThat(ownBody.at("/labels_skipped/kube_tag").asText()).isEqualTo("v1.27.8");
  }

  @Test
  void apiAddressFollowsTheConfiguredFunctionAndTheTemplatesTls() {
    String plain = client.createCluster(token, "plain", DemoCloud.PLAIN_HTTP_TEMPLATE_NAME, 1);
    clock.advance(CREATE);
    assertThat(client.magnumGet("/v1/clusters/" + plain, token).json().get("api_address").asText())
        .matches("http://172\\.24\\.\\d+\\.\\d+:8080");

    sim.apiAddressFunction(cluster -> "http://127.0.0.1:12345/" + cluster.name());
    String pointed = client.createCluster(token, "pointed", DemoCloud.TEMPLATE_NAME, 1);
    clock.advance(CREATE);
    assertThat(client.magnumGet("/v1/clusters/" + pointed, token).json().get("api_address").asText())
        .isEqualTo("http://127.0.0.1:12345/pointed");

    sim.setClusterApiAddress(plain, "https://10.0.0.5:6443");
    assertThat(client.magnumGet("/v1/clusters/" + plain, token).json().get("api_address").asText())
        .isEqualTo("https://10.0.0.5:6443");
  }

  @Test
  void clustersOfAnotherProjectAreInvisible() {
    String otherProject = "1d2c3b4a5f6e47d8a9b0c1d2e3f4a5b6";
    try (OpenStackSimulator twoProjects =
        OpenStackSimulator.builder()
            .demoSeed()
            .project(new ProjectSeed(otherProject, "other", "default"))
            .user(UserSeed.member("2e3f4a5b6c7d48e9f0a1b2c3d4e5f607", "bob", "default", "bob-pass", otherProject))
            .start()) {
      ApiClient other = new ApiClient(twoProjects);
      String bobToken = other.passwordAuth("bob", "bob-pass", "other").header("X-Subject-Token");

      assertThat(other.magnumGet("/v1/clusters", bobToken).json().get("clusters")).isEmpty();
      assertThat(other.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, bobToken).status()).isEqualTo(404);
      assertThat(other.magnumGet("/v1/clustertemplates/" + DemoCloud.TEMPLATE_NAME, bobToken).status())
          .isEqualTo(200);
    }
  }

  @Test
  void seededClustersInProgressFinishAfterTheirDuration() {
    String uuid =
        sim.addCluster(ClusterSeed.builder("late", DemoCloud.TEMPLATE_NAME).status("CREATE_IN_PROGRESS").build());
    assertThat(sim.cluster(uuid).orElseThrow().status()).isEqualTo("CREATE_IN_PROGRESS");
    clock.advance(CREATE);
    assertThat(sim.cluster(uuid).orElseThrow().status()).isEqualTo("CREATE_COMPLETE");

    sim.forceClusterStatus(uuid, "UPDATE_FAILED", "Resource UPDATE failed: quota exceeded");
    JsonNode failed = client.magnumGet("/v1/clusters/" + uuid, token).json();
    assertThat(failed.get("status").asText()).isEqualTo("UPDATE_FAILED");
    assertThat(failed.get("status_reason").asText()).isEqualTo("Resource UPDATE failed: quota exceeded");
    assertThat(sim.clustersCreatedThroughApi()).isZero();
  }

  private ApiClient.Answer createWithName(String name) {
    return client.magnum(
        "POST", "/v1/clusters", Map.of("name", name, "cluster_template_id", DemoCloud.TEMPLATE_NAME), token);
  }

  private static List<Map<String, Object>> resize(int nodeCount) {
    return List.of(Map.of("op", "replace", "path", "/node_count", "value", nodeCount));
  }

  static List<String> names(JsonNode clusters) {
    List<String> names = new ArrayList<>();
    clusters.forEach(cluster -> names.add(cluster.get("name").asText()));
    return names;
  }
}
