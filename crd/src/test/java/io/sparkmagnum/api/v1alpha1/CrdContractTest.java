package io.sparkmagnum.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The facts of the API contract (design/api.md), read from the committed CRD that users apply. */
class CrdContractTest {
  private static final JsonNode CRD = CrdFiles.readYaml(CrdFiles.committedCrd());
  private static final JsonNode SCHEMA = CrdFiles.openApiV3Schema(CRD);

  @Test
  void definesTheNamespacedSparkClusterResource() {
    JsonNode spec = CRD.path("spec");

    assertThat(CRD.at("/metadata/name").asText()).isEqualTo("sparkclusters.sparkmagnum.io");
    assertThat(spec.path("group").asText()).isEqualTo("sparkmagnum.io");
    assertThat(spec.path("scope").asText()).isEqualTo("Namespaced");
    assertThat(spec.at("/names/kind").asText()).isEqualTo("SparkCluster");
    assertThat(spec.at("/names/plural").asText()).isEqualTo("sparkclusters");
    assertThat(spec.at("/names/singular").asText()).isEqualTo("sparkcluster");
    assertThat(texts(spec.at("/names/shortNames"))).containsExactly("sparkc");
  }

  @Test
  void servesAndStoresOnlyV1alpha1WithTheStatusSubresource() {
    JsonNode versions = CRD.at("/spec/versions");

    assertThat(versions).hasSize(1);
    JsonNode version = versions.get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("served").asBoolean()).isTrue();
    assertThat(version.path("storage").asBoolean()).isTrue();
    assertThat(version.at("/subresources/status").isObject()).as("status subresource").isTrue();
    assertThat(version.at("/subresources/status")).isEmpty();
  }

  @Test
  void printerColumnsAreTheContractsInItsOrder() {
    JsonNode columns = CRD.at("/spec/versions/0/additionalPrinterColumns");

    assertThat(columns)
        .extracting(c -> c.path("name").asText(), c -> c.path("jsonPath").asText(), c -> c.path("type").asText())
        .containsExactly(
            tuple("Phase", ".status.phase", "string"),
            tuple("Bay", ".status.bay.name", "string"),
            tuple("Ready", ".status.workers.ready", "integer"),
            tuple("Desired", ".status.workers.desired", "integer"),
            tuple("Master", ".status.master.url", "string"),
            tuple("Age", ".metadata.creationTimestamp", "date"));
    assertThat(columns).allSatisfy(c -> assertThat(c.path("description").asText()).as(c.path("name").asText()).isNotBlank());
  }

  @Test
  void everyPropertyAtEveryDepthHasADescription() {
    Map<String, JsonNode> nodes = SchemaNodes.byPath(SCHEMA);

    assertThat(SCHEMA.path("description").asText()).as("root description").isNotBlank();
    assertThat(nodes)
        .as("the walk reaches array items and nested objects")
        .containsKeys("spec.workers.resources.claims[].name", "status.conditions[].lastTransitionTime", "spec.bay.masterCount");
    List<String> undescribed = nodes.entrySet().stream()
        .filter(node -> SchemaNodes.isProperty(node.getKey()))
        .filter(property -> property.getValue().path("description").asText().isBlank())
        .map(Map.Entry::getKey)
        .toList();
    assertThat(undescribed).as("properties without a description").isEmpty();
  }

  @Test
  void celRulesGuardTheBayIdentityAndItsImmutableFields() {
    Map<String, List<String>> messagesByPath = new LinkedHashMap<>();
    SchemaNodes.byPath(SCHEMA).forEach((path, node) -> {
      List<String> messages = new ArrayList<>();
      node.path("x-kubernetes-validations").forEach(rule -> {
        assertThat(rule.path("rule").asText()).as("rule at %s", path).isNotBlank();
        messages.add(rule.path("message").asText());
      });
      if (!messages.isEmpty()) {
        messagesByPath.put(path, messages);
      }
    });

    assertThat(messagesByPath).containsExactlyInAnyOrderEntriesOf(Map.of(
        "spec.bay", List.of(
            "bay.template is required unless bay.name names an existing bay to adopt",
            "bay.name is immutable: create a new SparkCluster to use another bay",
            "bay.template is immutable once set"),
        "spec.bay.masterCount", List.of("bay.masterCount is immutable")));
  }

  @ParameterizedTest(name = "{0} defaults to {1}")
  @CsvSource(delimiter = '|', textBlock = """
      spec.image                    | "apache/spark:3.5.3"
      spec.cloud.cloudName          | "openstack"
      spec.bay.nodeCount            | 1
      spec.bay.masterCount          | 1
      spec.bay.createTimeoutMinutes | 60
      spec.bay.deletionPolicy       | "Delete"
      spec.master.serviceType       | "ClusterIP"
      spec.workers.replicas         | 2
      spec.workers.cores            | 1
      spec.workers.memory           | "1g"
      spec.driver.enabled           | false
      """)
  void defaultsAreTheContracts(String path, String defaultJson) throws Exception {
    assertThat(property(path).path("default")).isEqualTo(CrdFiles.YAML.readTree(defaultJson));
  }

  @ParameterizedTest(name = "{0} has at least {1}")
  @CsvSource(delimiter = '|', textBlock = """
      spec.workers.replicas | 0
      spec.workers.cores    | 1
      spec.bay.nodeCount    | 1
      spec.bay.masterCount  | 1
      """)
  void minimaAreTheContracts(String path, int minimum) {
    assertThat(property(path).path("minimum").asDouble()).isEqualTo(minimum);
  }

  @Test
  void enumsAndBayNameRulesAreTheContracts() {
    assertThat(texts(property("spec.master.serviceType").path("enum")))
        .containsExactlyInAnyOrder("ClusterIP", "NodePort", "LoadBalancer");
    assertThat(texts(property("spec.bay.deletionPolicy").path("enum"))).containsExactlyInAnyOrder("Delete", "Retain");
    assertThat(texts(property("status.phase").path("enum")))
        .containsExactlyInAnyOrder("Pending", "Provisioning", "Deploying", "Running", "Degraded", "Failed", "Deleting");
    assertThat(property("spec.bay.name").path("pattern").asText()).isEqualTo("^[a-zA-Z][a-zA-Z0-9_.-]*$");
    assertThat(property("spec.bay.name").path("maxLength").asInt()).isEqualTo(242);
    assertThat(texts(SCHEMA.path("required"))).containsExactly("spec");
    assertThat(texts(SCHEMA.at("/properties/spec/required"))).containsExactlyInAnyOrder("cloud", "bay");
    assertThat(texts(property("spec.cloud").path("required"))).containsExactly("secretName");
  }

  /** The schema of a property by its dotted path through object properties, e.g. spec.bay.name. */
  private static JsonNode property(String dottedPath) {
    JsonNode node = SCHEMA;
    for (String name : dottedPath.split("\\.")) {
      node = node.path("properties").path(name);
    }
    assertThat(node.isMissingNode()).as("%s is in the schema", dottedPath).isFalse();
    return node;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(e -> texts.add(e.asText()));
    return texts;
  }
}
