package io.sparkmagnum.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** spec.workers.memory as a Spark worker reads SPARK_WORKER_MEMORY: whole MiB in an int, bytes without a unit. */
class WorkerMemoryValidationTest {

  private static SparkCluster withMemory(String memory) {
    SparkCluster cluster = new SparkCluster();
    cluster.getMetadata().setName("analytics");
    cluster.getMetadata().setNamespace("team-a");
    SparkClusterSpec spec = new SparkClusterSpec();
    spec.getCloud().setSecretName("openstack-credentials");
    spec.getBay().setTemplate("k8s-model");
    spec.getWorkers().setMemory(memory);
    cluster.setSpec(spec);
    return cluster;
  }

  @ParameterizedTest
  @ValueSource(strings = {"1g", "512m", "512MB", "1048576", "1048576b", "1024k", "1024kb", "2047t", "1p", "2047T"})
  void sizesAWorkerCanUseAreAccepted(String memory) {
    assertThat(SpecValidator.workerMemoryUsable(memory)).isTrue();
    assertThat(SpecValidator.validate(withMemory(memory))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4096", "1048575", "1023k", "1b", "2048t", "2p", "9223372036854775807g",
      "99999999999999999999999999m"})
  void sizesBelowOneMebibyteOrBeyondAnIntOfMebibytesAreRejected(String memory) {
    assertThat(SpecValidator.workerMemoryUsable(memory)).isFalse();
    assertThat(SpecValidator.validate(withMemory(memory))).singleElement().asString()
        .startsWith("spec.workers.memory must be from 1m to 2047t");
  }
}
