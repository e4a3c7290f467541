package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.api.v1alpha1.SparkCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkNamesTest {
  private final SparkCluster cluster = SparkClusters.named("analytics", "team-a");

  @Test
  void objectNamesDeriveFromTheClusterName() {
    assertThat(SparkNames.namespace(cluster)).isEqualTo("team-a");
    assertThat(SparkNames.masterPod(cluster)).isEqualTo("analytics-master");
    assertThat(SparkNames.masterService(cluster)).isEqualTo("analytics-master");
    assertThat(SparkNames.workerDeployment(cluster)).isEqualTo("analytics-worker");
    assertThat(SparkNames.driverPod(cluster)).isEqualTo("analytics-driver");
    assertThat(SparkNames.sparkDefaultsConfigMap(cluster)).isEqualTo("analytics-spark-defaults");
  }

  @Test
  void urlsPointAtTheMasterServiceInsideTheBay() {
    assertThat(SparkNames.masterUrl(cluster)).isEqualTo("spark://analytics-master.team-a.svc:7077");
    assertThat(SparkNames.webUiUrl(cluster)).isEqualTo("http://analytics-master.team-a.svc:8080");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "spark", "analytics-2", "a234567890123456789012345678901234567890123456789012345"})
  void usableNamesAreAccepted(String name) {
    assertThat(SparkNames.validateClusterName(name)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"9lives", "my.cluster", "-a", "a-", "Analytics"})
  void namesThatCannotNameAServiceAreRejected(String name) {
    assertThat(SparkNames.validateClusterName(name)).singleElement().asString()
        .startsWith("metadata.name \"" + name + "\" must start with a lower-case letter");
  }

  @Test
  void namesTooLongForTheServiceAreRejected() {
    String name = "a".repeat(SparkNames.MAX_CLUSTER_NAME_LENGTH + 1);
    assertThat(SparkNames.MAX_CLUSTER_NAME_LENGTH).isEqualTo(56);
    assertThat(SparkNames.validateClusterName(name)).containsExactly(
        "metadata.name must be at most 56 characters (it has 57), as aaaaaaaa...-master must fit a 63-character"
            + " Service name in the bay");
    assertThat(SparkNames.validateClusterName("")).containsExactly("metadata.name is missing");
  }
}
