package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the {@code x-kubernetes-validations} rules of a CRD schema the way the API server does, with
 * cel-java. Objects are defaulted from the schema first. The schema and the object are walked together; at
 * every node that is present and carries rules, each rule runs with {@code self} bound to the node's value.
 * A transition rule (one that names {@code oldSelf}) runs only on update and only when the old object has the
 * node too, with {@code oldSelf} bound to the old value. Old and new nodes are matched through object
 * properties and map keys; list items are not matched, as for lists that are not {@code x-kubernetes-list-type: map}.
 *
 * <p>Unlike the API server, {@code self} is typed {@code dyn} (so a rule's type errors show up when it runs,
 * not when the CRD is applied), rule costs are not estimated, and unchanged values are not exempted from
 * rules (validation ratcheting).
 */
final class CelRules {
  /** A rule that evaluated to false (or failed to evaluate), at a dotted path such as spec.bay. */
  record Violation(String path, String rule, String message) {}

  private record CompiledRule(String rule, String message, CelRuntime.Program program, boolean isTransition) {}

  private static final String SELF = "self";
  private static final String OLD_SELF = "oldSelf";

  private final JsonNode schema;
  private final Map<JsonNode, List<CompiledRule>> rulesBySchemaNode = new IdentityHashMap<>();

  /** Compiles every rule of the schema; a rule that does not compile fails here, as the API server would refuse the CRD. */
  CelRules(JsonNode openApiV3Schema) {
    this.schema = openApiV3Schema;
    Cel cel = CelFactory.standardCelBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addVar(SELF, SimpleType.DYN)
        .addVar(OLD_SELF, SimpleType.DYN)
        .setResultType(SimpleType.BOOL)
        .build();
    compileRules(cel, openApiV3Schema, "");
    SchemaNodes.byPath(openApiV3Schema).forEach((path, node) -> compileRules(cel, node, path));
  }

  static CelRules committed() {
    return new CelRules(CrdFiles.committedSchema());
  }

  /** The violations of creating {@code object}; transition rules do not run. */
  List<Violation> validateCreate(JsonNode object) {
    List<Violation> violations = new ArrayList<>();
    walk(schema, SchemaDefaults.applied(schema, object), null, "", violations);
    return violations;
  }

  /** The violations of updating {@code oldObject} to {@code newObject}. */
  List<Violation> validateUpdate(JsonNode oldObject, JsonNode newObject) {
    List<Violation> violations = new ArrayList<>();
    walk(schema, SchemaDefaults.applied(schema, newObject), SchemaDefaults.applied(schema, oldObject), "", violations);
    return violations;
  }

  private void compileRules(Cel cel, JsonNode schemaNode, String path) {
    List<CompiledRule> compiled = new ArrayList<>();
    for (JsonNode validation : schemaNode.path("x-kubernetes-validations")) {
      String rule = validation.path("rule").asText();
      try {
        CelAbstractSyntaxTree ast = cel.compile(rule).getAst();
        boolean isTransition = ast.getReferenceMap().values().stream().anyMatch(reference -> OLD_SELF.equals(reference.name()));
        compiled.add(new CompiledRule(rule, validation.path("message").asText(null), cel.createProgram(ast), isTransition));
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException("rule at " + path + " does not compile: " + rule + ": " + e.getMessage(), e);
      }
    }
    if (!compiled.isEmpty()) {
      rulesBySchemaNode.put(schemaNode, compiled);
    }
  }

  /** {@code oldNode} is null when there is no old value to correlate with (create, or the node is new). */
  private void walk(JsonNode schemaNode, JsonNode node, JsonNode oldNode, String path, List<Violation> into) {
    if (node == null || node.isNull()) {
      return;
    }
    for (CompiledRule rule : rulesBySchemaNode.getOrDefault(schemaNode, List.of())) {
      if (rule.isTransition() && oldNode == null) {
        continue;
      }
      evaluate(rule, node, oldNode, path).ifPresent(into::add);
    }
    if (node.isObject()) {
      node.properties().forEach(field -> {
        JsonNode fieldSchema = schemaNode.path("properties").has(field.getKey())
            ? schemaNode.path("properties").path(field.getKey())
            : schemaNode.path("additionalProperties");
        JsonNode oldField = oldNode == null ? null : oldNode.get(field.getKey());
        walk(fieldSchema, field.getValue(), oldField, path.isEmpty() ? field.getKey() : path + "." + field.getKey(), into);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(schemaNode.path("items"), node.get(i), null, path + "[" + i + "]", into);
      }
    }
  }

  private static Optional<Violation> evaluate(CompiledRule rule, JsonNode node, JsonNode oldNode, String path) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(SELF, celValue(node));
    if (oldNode != null) {
      variables.put(OLD_SELF, celValue(oldNode));
    }
    try {
      if (Boolean.TRUE.equals(rule.program().eval(variables))) {
        return Optional.empty();
      }
      String message = rule.message() != null ? rule.message() : "failed rule: " + rule.rule();
      return Optional.of(new Violation(path, rule.rule(), message));
    } catch (CelEvaluationException e) {
      return Optional.of(new Violation(path, rule.rule(), "rule could not be evaluated: " + e.getMessage()));
    }
  }

  /** The CEL value of a JSON node: maps, lists, int (long), double, string, bool. */
  private static Object celValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().stream()
          .filter(field -> !field.getValue().isNull())
          .forEach(field -> map.put(field.getKey(), celValue(field.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(celValue(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    return node.asText();
  }
}
