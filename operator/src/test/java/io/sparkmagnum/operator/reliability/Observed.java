package io.sparkmagnum.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.ClusterSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;

/** What a user sees of SparkClusters and their bays, and waiting for it. */
final class Observed {
  private Observed() {}

  static ConditionFactory within(Duration duration) {
    return await().atMost(duration).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  static ConditionFactory eventually() {
    return within(Duration.ofSeconds(30));
  }

  static Optional<Condition> condition(OperatorHarness harness, String namespace, String name, String type) {
    SparkCluster cluster = harness.get(namespace, name);
    if (cluster == null || cluster.getStatus() == null) {
      return Optional.empty();
    }
    return cluster.getStatus().condition(type);
  }

  /** Waits until the Ready condition has this status and reason; returns it. */
  static Condition awaitReady(OperatorHarness harness, String namespace, String name, String status, String reason) {
    eventually().untilAsserted(() -> assertThat(condition(harness, namespace, name, "Ready"))
        .as("Ready condition of %s/%s", namespace, name).hasValueSatisfying(c -> {
          assertThat(c.getStatus()).as("status of Ready of %s/%s", namespace, name).isEqualTo(status);
          assertThat(c.getReason()).as("reason of Ready of %s/%s: %s", namespace, name, c.getMessage()).isEqualTo(reason);
        }));
    return condition(harness, namespace, name, "Ready").orElseThrow();
  }

  static SparkCluster awaitReady(OperatorHarness harness, String namespace, String name) {
    awaitReady(harness, namespace, name, Condition.TRUE, "ClusterReady");
    return harness.get(namespace, name);
  }

  /** Changes the spec as a user would, again on the latest version when the operator wrote status meanwhile. */
  static void edit(OperatorHarness harness, String namespace, String name, Consumer<SparkCluster> change) {
    eventually().until(() -> {
      harness.resource(namespace, name).edit(cluster -> {
        change.accept(cluster);
        return cluster;
      });
      return true;
    });
  }

  /** The bay name a SparkCluster without spec.bay.name gets: spark-namespace-name-uid8. */
  static String derivedBayName(SparkCluster cluster) {
    return "spark-" + cluster.getMetadata().getNamespace() + "-" + cluster.getMetadata().getName() + "-"
        + cluster.getMetadata().getUid().replace("-", "").substring(0, 8);
  }

  /** Every bay Magnum ever had under this name, deleted ones included. */
  static List<ClusterSnapshot> baysEverNamed(OperatorHarness harness, String bayName) {
    return harness.openstack.clusterHistory().stream().filter(bay -> bay.name().equals(bayName)).toList();
  }

  static List<ClusterSnapshot> baysNamed(OperatorHarness harness, String bayName) {
    return harness.openstack.clusters().stream().filter(bay -> bay.name().equals(bayName)).toList();
  }
}
