package io.sparkmagnum.api.v1alpha1;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Samples and fixtures against the openAPIV3Schema of the committed CRD, as the API server would check them. */
class SchemaValidationTest {
  private static final StructuralSchema SCHEMA = StructuralSchema.committed();

  /** Each invalid fixture breaks one schema rule: the one violation expected, as "keyword at /json/pointer". */
  private static final Map<String, String> INVALID_FIXTURES = Map.ofEntries(
      entry("workers-replicas-negative.yaml", "minimum at /spec/workers/replicas"),
      entry("workers-replicas-not-a-number.yaml", "type at /spec/workers/replicas"),
      entry("workers-cores-zero.yaml", "minimum at /spec/workers/cores"),
      entry("workers-memory-kubernetes-quantity.yaml", "pattern at /spec/workers/memory"),
      entry("workers-memory-fraction.yaml", "pattern at /spec/workers/memory"),
      entry("workers-resources-limit-not-int-or-string.yaml", "type at /spec/workers/resources/limits/cpu"),
      entry("bay-node-count-zero.yaml", "minimum at /spec/bay/nodeCount"),
      entry("bay-master-count-zero.yaml", "minimum at /spec/bay/masterCount"),
      entry("bay-name-starts-with-digit.yaml", "pattern at /spec/bay/name"),
      entry("bay-name-too-long.yaml", "maxLength at /spec/bay/name"),
      entry("bay-template-empty.yaml", "minLength at /spec/bay/template"),
      entry("bay-create-timeout-zero.yaml", "minimum at /spec/bay/createTimeoutMinutes"),
      entry("bay-deletion-policy-not-in-enum.yaml", "enum at /spec/bay/deletionPolicy"),
      entry("master-service-type-not-in-enum.yaml", "enum at /spec/master/serviceType"),
      entry("cloud-secret-name-missing.yaml", "required at /spec/cloud/secretName"),
      entry("cloud-secret-name-not-a-dns-name.yaml", "pattern at /spec/cloud/secretName"),
      entry("spec-missing.yaml", "required at /spec"),
      entry("cloud-missing.yaml", "required at /spec/cloud"),
      entry("bay-missing.yaml", "required at /spec/bay"),
      entry("driver-enabled-not-boolean.yaml", "type at /spec/driver/enabled"),
      entry("spark-conf-value-not-a-string.yaml", "type at /spec/sparkConf/spark.executor.instances"),
      entry("status-condition-without-reason.yaml", "required at /status/conditions/2/reason"),
      entry("status-phase-not-in-enum.yaml", "enum at /status/phase"));

  static Stream<Named<Path>> sparkClusterSamples() {
    return CrdFiles.named(Samples.sparkClusters());
  }

  static Stream<Named<Path>> validFixtures() {
    return CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.fixtures("valid")));
  }

  static Stream<Named<Path>> invalidFixtures() {
    return CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.fixtures("invalid")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sparkClusterSamples")
  void sampleIsValid(Path sample) {
    assertThat(violations(CrdFiles.readYaml(sample))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validFixtures")
  void validFixtureIsValid(Path fixture) {
    assertThat(violations(CrdFiles.readYaml(fixture))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFixtures")
  void invalidFixtureBreaksExactlyItsRule(Path fixture) {
    String name = fixture.getFileName().toString();
    assertThat(INVALID_FIXTURES).as("expected violation of %s", name).containsKey(name);

    assertThat(violations(CrdFiles.readYaml(fixture))).containsExactly(INVALID_FIXTURES.get(name));
  }

  @Test
  void everyExpectedViolationHasItsFixture() {
    assertThat(CrdFiles.yamlFiles(CrdFiles.fixtures("invalid"))).extracting(f -> f.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(INVALID_FIXTURES.keySet());
  }

  @Test
  void kubernetesExtensionsInTheSchemaDoNotStopValidation() {
    String schema = CrdFiles.committedSchema().toString();

    assertThat(schema).contains("\"x-kubernetes-validations\"", "\"x-kubernetes-int-or-string\"");
    assertThat(violations(CrdFiles.readYaml(CrdFiles.fixtures("valid").resolve("full.yaml")))).isEmpty();
  }

  @Test
  void metadataApiVersionAndKindAreLeftToTheApiServer() throws Exception {
    JsonNode onlySpec = CrdFiles.YAML.readTree("""
        spec:
          cloud: {secretName: openstack-credentials}
          bay: {template: k8s-model}
        """);

    assertThat(violations(onlySpec)).isEmpty();
  }

  /**
   * The violations as "keyword at /json/pointer", once per place; a required property is reported at the
   * property's own pointer, and the two branches of an int-or-string anyOf as one.
   */
  private static List<String> violations(JsonNode object) {
    return SCHEMA.validate(object).stream().map(SchemaValidationTest::describe).distinct().toList();
  }

  private static String describe(Error error) {
    String location = error.getInstanceLocation().toString();
    if ("required".equals(error.getKeyword())) {
      location = location + "/" + error.getProperty();
    }
    return error.getKeyword() + " at " + location;
  }
}
