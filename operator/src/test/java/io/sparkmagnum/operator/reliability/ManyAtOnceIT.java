package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.ClusterSnapshot;
import io.sparkmagnum.simulator.DemoCloud;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 200 SparkClusters applied at once all become Ready, each with its own bay, and all go away cleanly. */
@Tag("integration")
class ManyAtOnceIT {
  private static final int NAMESPACES = 10;
  private static final int PER_NAMESPACE = 20;
  private static final Duration BAY_OPERATION = Duration.ofMillis(500);

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(builder -> Canaries.cloud(builder)
        .operationDurations(BAY_OPERATION, BAY_OPERATION, BAY_OPERATION), Map.of());
    canary.inspect(harness.management, harness.bay);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static List<SparkCluster> all() {
    return harness.management.client().resources(SparkCluster.class).inAnyNamespace().list().getItems();
  }

  private static double failedReconciliations() {
    return harness.metrics().registry().find("operator.sdk.reconciliations.failed").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static boolean ready(SparkCluster cluster) {
    return cluster.getStatus() != null && cluster.getStatus().condition("Ready")
        .map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
  }

  @Test
  void twoHundredSparkClustersBecomeReadyAndAllGoAway() throws Exception {
    List<String> namespaces = IntStream.range(0, NAMESPACES).mapToObj(i -> "many-" + i).toList();
    namespaces.forEach(namespace -> Canaries.namespaceWithPassword(harness, namespace));
    ExecutorService appliers = Executors.newFixedThreadPool(8);
    try {
      List<Future<SparkCluster>> applied = namespaces.stream()
          .flatMap(namespace -> IntStream.range(0, PER_NAMESPACE).mapToObj(i ->
              OperatorHarness.sparkCluster(namespace, "spark-" + i, DemoCloud.TEMPLATE_NAME)))
          .map(cluster -> appliers.submit(() -> harness.apply(cluster)))
          .toList();
      for (Future<SparkCluster> future : applied) {
        future.get();
      }
    } finally {
      appliers.shutdown();
    }
    long started = System.nanoTime();
    int total = NAMESPACES * PER_NAMESPACE;

    within(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
        assertThat(all()).hasSize(total).allMatch(ManyAtOnceIT::ready));
    System.out.printf("%d SparkClusters applied at once: all Ready after %d ms%n", total,
        Duration.ofNanos(System.nanoTime() - started).toMillis());
    List<ClusterSnapshot> bays = harness.openstack.clusters();
    assertThat(bays).filteredOn(bay -> bay.name().startsWith("spark-many-")).hasSize(total)
        .extracting(ClusterSnapshot::uuid).doesNotHaveDuplicates();
    assertThat(all()).extracting(c -> c.getStatus().getBay().getUuid()).doesNotHaveDuplicates();
    assertThat(harness.openstack.clustersCreatedThroughApi()).isEqualTo(total);
    // the SparkClusters of a namespace share their credentials Secret and its in-use finalizer: their
    // reconciliations meet each other's edits of it, which must not fail them into retry pauses
    assertThat(failedReconciliations()).isZero();

    long deleting = System.nanoTime();
    namespaces.forEach(namespace ->
        harness.management.client().resources(SparkCluster.class).inNamespace(namespace).delete());
    within(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
      assertThat(all()).as("SparkClusters left, with their finalizer").isEmpty();
      assertThat(harness.openstack.clusters()).as("bays left").noneMatch(bay -> bay.name().startsWith("spark-many-"));
    });
    System.out.printf("%d SparkClusters deleted: all gone with their bays after %d ms%n", total,
        Duration.ofNanos(System.nanoTime() - deleting).toMillis());
    assertThat(harness.bayClient().pods().inAnyNamespace().list().getItems()).as("Spark pods left in the bays").isEmpty();
  }
}
