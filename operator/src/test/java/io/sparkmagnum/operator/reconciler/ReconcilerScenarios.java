package io.sparkmagnum.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.testing.OperatorHarness;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;

/** What the scenario tests do over and over, said once. */
final class ReconcilerScenarios {
  private ReconcilerScenarios() {}

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  static Condition condition(OperatorHarness harness, String namespace, String name, String type) {
    return harness.get(namespace, name).getStatus().condition(type).orElseThrow();
  }

  /** Waits until the condition has this status and reason, and returns it. */
  static Condition awaitCondition(OperatorHarness harness, String namespace, String name, String type, String status,
      String reason) {
    eventually().untilAsserted(() -> {
      Condition condition = condition(harness, namespace, name, type);
      assertThat(condition.getStatus()).isEqualTo(status);
      assertThat(condition.getReason()).isEqualTo(reason);
    });
    return condition(harness, namespace, name, type);
  }

  static SparkCluster awaitReady(OperatorHarness harness, String namespace, String name) {
    awaitCondition(harness, namespace, name, "Ready", "True", "ClusterReady");
    return harness.get(namespace, name);
  }

  static void edit(OperatorHarness harness, String namespace, String name, Consumer<SparkCluster> change) {
    harness.resource(namespace, name).edit(cluster -> {
      change.accept(cluster);
      return cluster;
    });
  }
}
