package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.util.List;

/**
 * A CRD's openAPIV3Schema as a JSON Schema validator: the checks the API server makes before CEL rules
 * (types, required, minimum, pattern, enum, lengths). The schema is OpenAPI 3.0's dialect of JSON Schema;
 * the {@code x-kubernetes-*} extensions are unknown keywords to the validator and are ignored.
 */
final class StructuralSchema {
  private final Schema schema;

  StructuralSchema(JsonNode openApiV3Schema) {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER).build();
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30(), b -> b.schemaRegistryConfig(config));
    this.schema = registry.getSchema(openApiV3Schema);
  }

  /** The schema of the committed CRD. */
  static StructuralSchema committed() {
    return new StructuralSchema(CrdFiles.committedSchema());
  }

  /** Every violation; empty when the object is valid. Instance locations are JSON pointers, e.g. /spec/bay/name. */
  List<Error> validate(JsonNode object) {
    return schema.validate(object);
  }
}
