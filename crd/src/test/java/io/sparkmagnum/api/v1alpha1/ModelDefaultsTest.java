package io.sparkmagnum.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The model's Java-side defaults are the CRD's {@code default:}s, field by field, read generically from the
 * committed schema so that a default changed on one side only fails here.
 */
class ModelDefaultsTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final JsonNode SCHEMA = CrdFiles.committedSchema();
  private static final Map<String, JsonNode> CRD_DEFAULTS = crdDefaults();
  private static final JsonNode MINIMAL = CrdFiles.readYaml(CrdFiles.fixtures("valid").resolve("minimal.yaml"));

  @Test
  void everyCrdDefaultIsTheModelsValueForAnAbsentField() {
    JsonNode model = deserialisedAndSerialised(MINIMAL);

    assertThat(CRD_DEFAULTS).as("defaults in the CRD").hasSizeGreaterThanOrEqualTo(11);
    List<String> mismatches = new ArrayList<>();
    CRD_DEFAULTS.forEach((path, crdDefault) -> {
      JsonNode javaValue = at(model, path);
      if (!JsonValues.same(javaValue, crdDefault)) {
        mismatches.add(path + ": CRD default " + crdDefault + ", model " + (javaValue.isMissingNode() ? "absent" : javaValue));
      }
    });
    assertThat(mismatches).as("defaults that differ between the CRD and the model").isEmpty();
  }

  @Test
  void everyValueTheModelFillsInHasTheSameCrdDefault() {
    JsonNode model = deserialisedAndSerialised(MINIMAL).path("spec");

    List<String> undeclared = new ArrayList<>();
    forEachScalar(model, "spec", (path, javaValue) -> {
      if (at(MINIMAL, path).isMissingNode() && !JsonValues.same(CRD_DEFAULTS.getOrDefault(path, MissingNode.getInstance()), javaValue)) {
        undeclared.add(path + ": model fills in " + javaValue + ", CRD default " + CRD_DEFAULTS.get(path));
      }
    });
    assertThat(undeclared).as("values the model fills in that the API server would not").isEmpty();
  }

  @Test
  void explicitNullsAreDefaultedLikeAbsentFields() {
    ObjectNode withNulls = MINIMAL.deepCopy();
    CRD_DEFAULTS.keySet().forEach(path -> {
      ObjectNode parent = withNulls;
      String[] names = path.split("\\.");
      for (int i = 0; i < names.length - 1; i++) {
        parent = parent.withObjectProperty(names[i]);
      }
      parent.putNull(names[names.length - 1]);
    });

    SparkCluster fromNulls = SERIALIZATION.convertValue(withNulls, SparkCluster.class);

    assertThat(fromNulls.getSpec()).isEqualTo(SERIALIZATION.convertValue(MINIMAL, SparkCluster.class).getSpec());
  }

  /**
   * JOSDK (5.2, server-side apply on by default) adds its finalizer by applying a {@code new SparkCluster()} that
   * carries only name, namespace and finalizer, with force. Any spec value a new object carries would be applied too
   * and take over the user's field, e.g. set a user's nodeCount of 3 back to 1 and shrink the bay.
   */
  @Test
  void aNewSparkClusterCarriesNoSpecValuesIntoAnApply() {
    SparkCluster finalizerOnly = new SparkCluster();
    finalizerOnly.getMetadata().setName("analytics");
    finalizerOnly.getMetadata().setNamespace("team-a");
    finalizerOnly.addFinalizer("sparkclusters.sparkmagnum.io/finalizer");

    JsonNode applied = SERIALIZATION.convertValue(finalizerOnly, JsonNode.class);

    assertThat(applied.has("spec")).as("spec in %s", applied).isFalse();
  }

  @Test
  void noDefaultHidesInsideListItemsOrMapValues() {
    List<String> defaultsBelowCollections = SchemaNodes.byPath(SCHEMA).entrySet().stream()
        .filter(node -> node.getValue().has("default"))
        .map(Map.Entry::getKey)
        .filter(path -> path.contains("[]") || path.contains("{}"))
        .toList();

    assertThat(defaultsBelowCollections)
        .as("defaults this test cannot compare (it follows object properties only); extend it before adding one")
        .isEmpty();
  }

  /** The CRD's defaults by dotted path, e.g. spec.bay.nodeCount → 1. */
  private static Map<String, JsonNode> crdDefaults() {
    Map<String, JsonNode> defaults = new LinkedHashMap<>();
    SchemaNodes.byPath(SCHEMA).forEach((path, node) -> {
      if (node.has("default")) {
        defaults.put(path, node.get("default"));
      }
    });
    return defaults;
  }

  private static JsonNode deserialisedAndSerialised(JsonNode yaml) {
    SparkCluster cluster = SERIALIZATION.convertValue(yaml, SparkCluster.class);
    return SERIALIZATION.convertValue(cluster, JsonNode.class);
  }

  private static JsonNode at(JsonNode tree, String dottedPath) {
    JsonNode node = tree;
    for (String name : dottedPath.split("\\.")) {
      node = node.path(name);
    }
    return node;
  }

  /** Calls {@code action} with the path and value of every scalar under {@code node}; empty maps and lists carry none. */
  private static void forEachScalar(JsonNode node, String path, BiConsumer<String, JsonNode> action) {
    if (node.isObject()) {
      node.properties().forEach(field -> forEachScalar(field.getValue(), path + "." + field.getKey(), action));
    } else if (node.isArray()) {
      node.forEach(item -> forEachScalar(item, path + "[]", action));
    } else {
      action.accept(path, node);
    }
  }
}
