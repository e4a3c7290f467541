package io.sparkmagnum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.api.v1alpha1.WorkersStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The answers kubectl needs beyond CRUD: discovery, tables of custom resources, field selectors. */
class DiscoveryCrudDispatcherTest {
  static final Path CRD = Path.of("../crd/sparkclusters.sparkmagnum.io-v1.yml");
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubeApi api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    api = new KubeApi().withCrd(CRD);
    api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
        .build()).create();
    SparkCluster cluster = new SparkCluster();
    cluster.getMetadata().setNamespace("team-a");
    cluster.getMetadata().setName("analytics");
    cluster.setSpec(new SparkClusterSpec());
    cluster = api.client().resource(cluster).create();
    SparkClusterStatus status = new SparkClusterStatus();
    status.setPhase(Phase.Running);
    WorkersStatus workers = new WorkersStatus();
    workers.setDesired(2);
    workers.setReady(1);
    status.setWorkers(workers);
    cluster.setStatus(status);
    api.client().resource(cluster).updateStatus();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private JsonNode get(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + path))
        .header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private int status(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.path(field).asText()));
    return texts;
  }

  @Test
  void answersDiscoveryForBuiltInKindsAndStoredCrds() throws Exception {
    assertThat(get("/version", "application/json").path("gitVersion").asText()).isEqualTo("v1.32.0-embedded");
    assertThat(texts(get("/api", "application/json").path("versions"), "")).hasSize(1);
    assertThat(get("/api", "application/json").path("versions").get(0).asText()).isEqualTo("v1");
    assertThat(texts(get("/apis", "application/json").path("groups"), "name"))
        .contains("apps", "coordination.k8s.io", "apiextensions.k8s.io", "sparkmagnum.io");
    assertThat(texts(get("/api/v1", "application/json").path("resources"), "name"))
        .contains("namespaces", "pods", "services", "configmaps", "secrets", "events");

    // answered as discovery although SparkClusters exist, which the plain CRUD mock would list instead
    JsonNode sparkmagnum = get("/apis/sparkmagnum.io/v1alpha1", "application/json");
    assertThat(sparkmagnum.path("kind").asText()).isEqualTo("APIResourceList");
    assertThat(texts(sparkmagnum.path("resources"), "name")).containsExactly("sparkclusters", "sparkclusters/status");
    JsonNode sparkclusters = sparkmagnum.path("resources").get(0);
    assertThat(sparkclusters.path("kind").asText()).isEqualTo("SparkCluster");
    assertThat(sparkclusters.path("namespaced").asBoolean()).isTrue();
    assertThat(sparkclusters.path("shortNames").get(0).asText()).isEqualTo("sparkc");
    assertThat(status("/apis/unknown.example.com/v1")).isEqualTo(404);
  }

  @Test
  void servesAnOpenApiV3DocumentThatLetsKubectlLeaveValidationToTheServer() throws Exception {
    String relative = get("/openapi/v3", "application/json").path("paths").path("api/v1").path("serverRelativeURL")
        .asText();
    JsonNode core = get(relative, "application/json");
    JsonNode patch = core.path("paths").path("/api/v1/namespaces/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asText()).isEqualTo("Namespace");
    assertThat(texts(patch.path("parameters"), "name")).contains("fieldValidation");
    assertThat(status("/openapi/v2")).isEqualTo(404);
  }

  @Test
  void tablesOfCustomResourcesHaveTheCrdPrinterColumns() throws Exception {
    JsonNode table = get("/apis/sparkmagnum.io/v1alpha1/namespaces/team-a/sparkclusters", TABLE);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(texts(table.path("columnDefinitions"), "name"))
        .containsExactly("Name", "Phase", "Bay", "Ready", "Desired", "Master", "Age");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(0).asText()).isEqualTo("analytics");
    assertThat(cells.get(1).asText()).isEqualTo("Running");
    assertThat(cells.get(2).isNull()).isTrue();
    assertThat(cells.get(3).asInt()).isEqualTo(1);
    assertThat(cells.get(4).asInt()).isEqualTo(2);
    assertThat(cells.get(6).asText()).matches("\\d+s");
    assertThat(table.path("rows").get(0).path("object").path("metadata").path("name").asText()).isEqualTo("analytics");

    JsonNode list = get("/apis/sparkmagnum.io/v1alpha1/namespaces/team-a/sparkclusters", "application/json");
    assertThat(list.path("kind").asText()).isEqualTo("SparkClusterList");
    assertThat(list.path("apiVersion").asText()).isEqualTo("sparkmagnum.io/v1alpha1");
    JsonNode one = get("/apis/sparkmagnum.io/v1alpha1/namespaces/team-a/sparkclusters/analytics", TABLE);
    assertThat(one.path("rows")).hasSize(1);
    // without asking for a table, the object itself
    assertThat(get("/apis/sparkmagnum.io/v1alpha1/namespaces/team-a/sparkclusters/analytics", "application/json")
        .path("kind").asText()).isEqualTo("SparkCluster");
  }

  @Test
  void selectsEventsByTheirInvolvedObject() throws Exception {
    for (String uid : List.of("uid-1", "uid-2")) {
      api.client().v1().events().inNamespace("team-a").resource(new EventBuilder()
          .withNewMetadata().withName("event-" + uid).withNamespace("team-a").endMetadata()
          .withNewInvolvedObject().withKind("SparkCluster").withName("analytics").withNamespace("team-a").withUid(uid)
          .endInvolvedObject()
          .withReason("Tested").build()).create();
    }

    JsonNode selected = get("/api/v1/namespaces/team-a/events?fieldSelector="
        + "involvedObject.kind%3DSparkCluster%2CinvolvedObject.uid%3Duid-2%2CinvolvedObject.name%3Danalytics&limit=500",
        "application/json");
    assertThat(selected.path("kind").asText()).as("typed clients decode EventList, not List").isEqualTo("EventList");
    assertThat(texts(selected.path("items"), "reason")).containsExactly("Tested");
    assertThat(selected.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("event-uid-2");
    JsonNode others = get("/api/v1/namespaces/team-a/events?fieldSelector=involvedObject.uid!%3Duid-2",
        "application/json");
    assertThat(texts(others.path("items"), "reason")).containsExactly("Tested");
    assertThat(others.path("items").get(0).path("metadata").path("name").asText()).isEqualTo("event-uid-1");
  }

  @Test
  void agesReadAsKubernetesWritesThem() {
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofSeconds(42))).isEqualTo("42s");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofSeconds(185))).isEqualTo("3m5s");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofMinutes(5 * 60 + 3))).isEqualTo("5h3m");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofHours(20))).isEqualTo("20h");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
    assertThat(DiscoveryCrudDispatcher.humanDuration(Duration.ofDays(12))).isEqualTo("12d");
  }
}
