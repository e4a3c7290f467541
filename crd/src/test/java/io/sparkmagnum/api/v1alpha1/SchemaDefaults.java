package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Structural defaulting as the API server does it before validation, on create, update and read: in every
 * object that is present, a property that is absent or null and has a {@code default} in the schema gets it,
 * at every depth (inside array items and map values too). An absent object is not created to hold defaults.
 */
final class SchemaDefaults {
  private SchemaDefaults() {}

  /** A defaulted copy of {@code object}; the argument is not changed. */
  static JsonNode applied(JsonNode schema, JsonNode object) {
    JsonNode copy = object.deepCopy();
    apply(schema, copy);
    return copy;
  }

  private static void apply(JsonNode schema, JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      schema.path("properties").properties().forEach(property -> {
        JsonNode value = object.get(property.getKey());
        if ((value == null || value.isNull()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
      });
      object.properties().forEach(field -> {
        JsonNode fieldSchema = schema.path("properties").has(field.getKey())
            ? schema.path("properties").path(field.getKey())
            : schema.path("additionalProperties");
        apply(fieldSchema, field.getValue());
      });
    } else if (node.isArray()) {
      node.forEach(item -> apply(schema.path("items"), item));
    }
  }
}
