package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The subschemas of a structural schema, by path. */
final class SchemaNodes {
  private SchemaNodes() {}

  /**
   * Every subschema under {@code schema}, in document order, keyed by a dotted path through properties that
   * writes array items as {@code []} and map values as {@code {}}: spec.bay.name, status.conditions[].reason,
   * spec.sparkConf{}. The root itself is not included.
   */
  static Map<String, JsonNode> byPath(JsonNode schema) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    collect(schema, "", nodes);
    return nodes;
  }

  /** Whether a path of {@link #byPath} names a property, rather than array items or map values. */
  static boolean isProperty(String path) {
    return !path.endsWith("[]") && !path.endsWith("{}");
  }

  private static void collect(JsonNode schema, String path, Map<String, JsonNode> into) {
    schema.path("properties").properties().forEach(property -> {
      String propertyPath = path.isEmpty() ? property.getKey() : path + "." + property.getKey();
      into.put(propertyPath, property.getValue());
      collect(property.getValue(), propertyPath, into);
    });
    if (schema.path("items").isObject()) {
      into.put(path + "[]", schema.path("items"));
      collect(schema.path("items"), path + "[]", into);
    }
    if (schema.path("additionalProperties").isObject()) {
      into.put(path + "{}", schema.path("additionalProperties"));
      collect(schema.path("additionalProperties"), path + "{}", into);
    }
  }
}
