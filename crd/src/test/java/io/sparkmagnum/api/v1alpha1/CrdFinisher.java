package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the CRD the fabric8 generator wrote into the committed CRD. The generator sorts the printer
 * columns by jsonPath and cannot describe the root of the schema; this puts the columns in the order of
 * the contract and adds the root description that `kubectl explain sparkcluster` shows. Nothing else
 * changes, and the same input always gives the same bytes.
 */
final class CrdFinisher {
  /** The printer columns of `kubectl get sparkclusters`, in the contract's order. */
  static final List<String> PRINTER_COLUMN_ORDER = List.of("Phase", "Bay", "Ready", "Desired", "Master", "Age");

  static final String ROOT_DESCRIPTION =
      "An Apache Spark standalone cluster running inside an OpenStack Magnum bay, managed by spark-magnum-operator.";

  static final String UPDATE_COMMAND = "mvn -B -pl crd verify -Dcrd.update=true";

  private static final String HEADER = """
      # The SparkCluster CustomResourceDefinition, generated from the Java model in crd/src/main/java.
      # Do not edit: after changing the model run `%s` and commit this file.
      """.formatted(UPDATE_COMMAND);

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build();

  private CrdFinisher() {}

  static String finish(String generatedYaml) {
    try {
      return HEADER + YAML.writeValueAsString(finish(YAML.readTree(generatedYaml)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the generated CRD is not YAML", e);
    }
  }

  /** The finished CRD as a tree, for tests that compare it with the generated one. */
  static JsonNode finish(JsonNode generated) {
    JsonNode crd = generated.deepCopy();
    for (JsonNode version : crd.path("spec").path("versions")) {
      ObjectNode versionNode = (ObjectNode) version;
      versionNode.set("additionalPrinterColumns", inContractOrder(versionNode.path("additionalPrinterColumns")));
      ObjectNode schema = (ObjectNode) versionNode.path("schema");
      schema.set("openAPIV3Schema", withRootDescription(schema.path("openAPIV3Schema")));
    }
    return crd;
  }

  private static ArrayNode inContractOrder(JsonNode columns) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    columns.forEach(column -> byName.put(column.path("name").asText(), column));
    if (!byName.keySet().equals(Set.copyOf(PRINTER_COLUMN_ORDER)) || byName.size() != columns.size()) {
      throw new IllegalStateException("the model's printer columns " + new ArrayList<>(byName.keySet())
          + " are not the contract's " + PRINTER_COLUMN_ORDER + "; change the model or, with the contract, CrdFinisher");
    }
    ArrayNode ordered = JsonNodeFactory.instance.arrayNode();
    PRINTER_COLUMN_ORDER.forEach(name -> ordered.add(byName.get(name)));
    return ordered;
  }

  private static ObjectNode withRootDescription(JsonNode root) {
    if (root.has("description")) {
      return (ObjectNode) root;
    }
    ObjectNode described = JsonNodeFactory.instance.objectNode().put("description", ROOT_DESCRIPTION);
    described.setAll((ObjectNode) root);
    return described;
  }
}
