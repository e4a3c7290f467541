package io.sparkmagnum.api.v1alpha1;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CEL rules of the committed CRD. A fixture under fixtures/cel is a create (one YAML document) or an update
 * (two documents: the stored object, then the new one).
 */
class CelValidationTest {
  private static final CelRules RULES = CelRules.committed();
  private static final StructuralSchema SCHEMA = StructuralSchema.committed();

  private static final String NAME_OR_TEMPLATE = "bay.template is required unless bay.name names an existing bay to adopt";
  private static final String NAME_IMMUTABLE = "bay.name is immutable: create a new SparkCluster to use another bay";
  private static final String TEMPLATE_IMMUTABLE = "bay.template is immutable once set";
  private static final String MASTER_COUNT_IMMUTABLE = "bay.masterCount is immutable";

  /** Each rejected fixture: the messages of the rules it breaks, as "path: message". */
  private static final Map<String, List<String>> REJECTED = Map.ofEntries(
      entry("create-bay-without-name-or-template.yaml", List.of("spec.bay: " + NAME_OR_TEMPLATE)),
      entry("update-bay-name-changed.yaml", List.of("spec.bay: " + NAME_IMMUTABLE)),
      entry("update-bay-name-added.yaml", List.of("spec.bay: " + NAME_IMMUTABLE)),
      entry("update-bay-name-removed.yaml", List.of("spec.bay: " + NAME_IMMUTABLE)),
      entry("update-bay-template-changed.yaml", List.of("spec.bay: " + TEMPLATE_IMMUTABLE)),
      entry("update-bay-template-removed.yaml", List.of("spec.bay: " + TEMPLATE_IMMUTABLE)),
      entry("update-bay-master-count-changed.yaml", List.of("spec.bay.masterCount: " + MASTER_COUNT_IMMUTABLE)),
      entry("update-bay-master-count-set-over-default.yaml", List.of("spec.bay.masterCount: " + MASTER_COUNT_IMMUTABLE)));

  static Stream<Named<Path>> rejectedFixtures() {
    return CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.fixtures("cel/invalid")));
  }

  static Stream<Named<Path>> acceptedFixtures() {
    return CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.fixtures("cel/valid")));
  }

  /** Every SparkCluster the schema accepts: samples and valid schema fixtures. */
  static Stream<Named<Path>> schemaValidObjects() {
    return Stream.concat(CrdFiles.named(Samples.sparkClusters()), CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.fixtures("valid"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedFixtures")
  void rejectedFixtureBreaksExactlyItsRules(Path fixture) {
    String name = fixture.getFileName().toString();
    assertThat(REJECTED).as("expected messages of %s", name).containsKey(name);

    assertThat(violations(fixture)).containsExactlyInAnyOrderElementsOf(REJECTED.get(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedFixtures")
  void acceptedFixtureBreaksNoRule(Path fixture) {
    assertThat(violations(fixture)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"rejectedFixtures", "acceptedFixtures"})
  void celFixturesPassTheStructuralSchemaSoOnlyTheRulesDecide(Path fixture) {
    for (JsonNode document : CrdFiles.readYamlDocuments(fixture)) {
      assertThat(SCHEMA.validate(document)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaValidObjects")
  void schemaValidObjectsCanBeCreatedAndUpdatedToThemselves(Path file) {
    JsonNode object = CrdFiles.readYaml(file);

    assertThat(RULES.validateCreate(object)).isEmpty();
    assertThat(RULES.validateUpdate(object, object)).isEmpty();
  }

  @Test
  void transitionRulesDoNotRunOnCreate() {
    List<JsonNode> nameChanged = CrdFiles.readYamlDocuments(CrdFiles.fixtures("cel/invalid").resolve("update-bay-name-changed.yaml"));
    List<JsonNode> masterCountChanged =
        CrdFiles.readYamlDocuments(CrdFiles.fixtures("cel/invalid").resolve("update-bay-master-count-changed.yaml"));

    assertThat(RULES.validateCreate(nameChanged.get(1))).isEmpty();
    assertThat(RULES.validateCreate(masterCountChanged.get(1))).isEmpty();
  }

  @Test
  void everyRuleOfTheCrdHasARejectedFixture() {
    Set<String> ruleMessages = new HashSet<>();
    SchemaNodes.byPath(CrdFiles.committedSchema()).values()
        .forEach(node -> node.path("x-kubernetes-validations").forEach(rule -> ruleMessages.add(rule.path("message").asText())));
    Set<String> rejectedWith = new HashSet<>();
    REJECTED.values().forEach(messages -> messages.forEach(m -> rejectedWith.add(m.substring(m.indexOf(": ") + 2))));

    assertThat(rejectedWith).containsExactlyInAnyOrderElementsOf(ruleMessages);
    assertThat(CrdFiles.yamlFiles(CrdFiles.fixtures("cel/invalid"))).extracting(f -> f.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(REJECTED.keySet());
  }

  /** The violations of the fixture's create or update, as "path: message". */
  private static List<String> violations(Path fixture) {
    List<JsonNode> documents = CrdFiles.readYamlDocuments(fixture);
    List<CelRules.Violation> violations = switch (documents.size()) {
      case 1 -> RULES.validateCreate(documents.get(0));
      case 2 -> RULES.validateUpdate(documents.get(0), documents.get(1));
      default -> throw new IllegalArgumentException(fixture + " has " + documents.size() + " documents; expected 1 or 2");
    };
    List<String> described = new ArrayList<>();
    violations.forEach(v -> described.add(v.path() + ": " + v.message()));
    return described;
  }
}
