package io.sparkmagnum.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The model reads and writes SparkClusters as the fabric8 client (and so the operator) does, without losing a field. */
class ModelRoundTripTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Path VALID = CrdFiles.fixtures("valid");

  static Stream<Named<Path>> schemaValidObjects() {
    return Stream.concat(CrdFiles.named(Samples.sparkClusters()), CrdFiles.named(CrdFiles.yamlFiles(VALID)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaValidObjects")
  void serialisedAndReadBackIsEqual(Path file) {
    SparkCluster read = SERIALIZATION.unmarshal(CrdFiles.readString(file), SparkCluster.class);

    SparkCluster readBack = SERIALIZATION.unmarshal(SERIALIZATION.asYaml(read), SparkCluster.class);

    assertThat(readBack.getMetadata()).isEqualTo(read.getMetadata());
    assertThat(readBack.getSpec()).isEqualTo(read.getSpec());
    assertThat(readBack.getStatus()).isEqualTo(read.getStatus());
  }

  @Test
  void everyFieldOfAFullSpecSurvivesTheModel() {
    JsonNode yaml = CrdFiles.readYaml(VALID.resolve("full.yaml"));

    JsonNode written = SERIALIZATION.convertValue(SERIALIZATION.convertValue(yaml, SparkCluster.class), JsonNode.class);

    JsonValues.assertSame(written.path("spec"), yaml.path("spec"));
    JsonValues.assertSame(written.path("metadata"), yaml.path("metadata"));
  }

  @Test
  void fullSpecReadsIntoTheModel() {
    SparkClusterSpec spec = SERIALIZATION.unmarshal(CrdFiles.readString(VALID.resolve("full.yaml")), SparkCluster.class).getSpec();

    assertThat(spec.getCloud().getCloudName()).isEqualTo("research");
    assertThat(spec.getBay().getName()).isEqualTo("analytics-bay");
    assertThat(spec.getBay().getMasterCount()).isEqualTo(3);
    assertThat(spec.getBay().getDeletionPolicy()).isEqualTo(DeletionPolicy.Retain);
    assertThat(spec.getMaster().getServiceType()).isEqualTo(ServiceType.LoadBalancer);
    assertThat(spec.getMaster().getResources().getRequests()).containsEntry("cpu", new Quantity("500m"));
    assertThat(spec.getWorkers().getResources().getClaims()).singleElement()
        .satisfies(claim -> assertThat(claim.getName()).isEqualTo("gpu"));
    assertThat(spec.getDriver().getEnabled()).isTrue();
    assertThat(spec.getSparkConf()).containsExactly(
        Map.entry("spark.executor.memory", "2g"), Map.entry("spark.executor.cores", "2"), Map.entry("spark.eventLog.enabled", "true"));
  }

  @Test
  void statusWithConditionsSurvivesTheModel() {
    JsonNode yaml = CrdFiles.readYaml(VALID.resolve("with-status.yaml"));

    SparkCluster read = SERIALIZATION.convertValue(yaml, SparkCluster.class);
    JsonNode written = SERIALIZATION.convertValue(read, JsonNode.class);

    JsonValues.assertSame(written.path("status"), yaml.path("status"));
    SparkClusterStatus status = read.getStatus();
    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getBay().getOwned()).isTrue();
    assertThat(status.getWorkers().getReady()).isEqualTo(2);
    assertThat(status.getConditions()).extracting(Condition::getType)
        .containsExactly("Ready", "BayReady", "MasterReady", "WorkersReady");
    assertThat(status.condition("WorkersReady")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
      assertThat(c.getReason()).isEqualTo("AllWorkersReady");
      assertThat(c.getMessage()).isEqualTo("2/2 workers ready");
      assertThat(c.getObservedGeneration()).isEqualTo(4L);
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T16:37:19Z");
    });
  }

  @Test
  void statusBuiltByTheOperatorIsValidAndReadsBackEqual() {
    SparkCluster cluster = SERIALIZATION.unmarshal(CrdFiles.readString(VALID.resolve("minimal.yaml")), SparkCluster.class);
    cluster.getSpec().getWorkers().setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("2Gi")).build());
    SparkClusterStatus status = new SparkClusterStatus();
    status.setObservedGeneration(2L);
    status.setPhase(Phase.Failed);
    BayStatus bay = new BayStatus();
    bay.setName("spark-team-a-analytics-0f8e4d2c");
    bay.setStatus("CREATE_FAILED");
    bay.setStatusReason("Resource CREATE failed: Quota exceeded for instances");
    bay.setOwned(true);
    status.setBay(bay);
    Condition bayReady = new Condition("BayReady", Condition.FALSE, "BayCreateFailed", "Resource CREATE failed: Quota exceeded for instances");
    bayReady.setLastTransitionTime("2026-11-25T17:02:11Z");
    bayReady.setObservedGeneration(2L);
    Condition ready = new Condition("Ready", Condition.FALSE, "BayCreateFailed", "The bay could not be created; see BayReady.");
    ready.setLastTransitionTime("2026-11-25T17:02:11Z");
    status.setConditions(List.of(ready, bayReady));
    cluster.setStatus(status);

    String yaml = SERIALIZATION.asYaml(cluster);
    SparkCluster readBack = SERIALIZATION.unmarshal(yaml, SparkCluster.class);

    assertThat(StructuralSchema.committed().validate(SERIALIZATION.convertValue(cluster, JsonNode.class))).isEmpty();
    assertThat(readBack.getSpec()).isEqualTo(cluster.getSpec());
    assertThat(readBack.getStatus()).isEqualTo(status);
  }
}
