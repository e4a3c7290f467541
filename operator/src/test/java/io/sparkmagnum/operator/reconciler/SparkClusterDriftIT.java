package io.sparkmagnum.operator.reconciler;

import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitReady;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.testkit.KubeApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Whatever happens to the Spark objects inside the bay, the operator puts them back, and otherwise leaves all alone. */
@Tag("integration")
class SparkClusterDriftIT {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    harness.namespaceWithCredentials("drift");
    harness.apply(OperatorHarness.sparkCluster("drift", "steady", DemoCloud.TEMPLATE_NAME));
    awaitReady(harness, "drift", "steady");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void deletedMasterPodComesBackWithinSeconds() {
    var pods = harness.bayClient().pods().inNamespace("drift");
    String before = pods.withName("steady-master").get().getMetadata().getUid();
    pods.withName("steady-master").delete();
    eventually().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      var master = pods.withName("steady-master").get();
      assertThat(master).isNotNull();
      assertThat(master.getMetadata().getUid()).isNotEqualTo(before);
    });
    awaitReady(harness, "drift", "steady");
  }

  @Test
  void deletedServiceComesBack() {
    var services = harness.bayClient().services().inNamespace("drift");
    services.withName("steady-master").delete();
    eventually().atMost(Duration.ofSeconds(10)).until(() -> services.withName("steady-master").get() != null);
  }

  @Test
  void handScaledWorkersAreSetBack() {
    var workers = harness.bayClient().apps().deployments().inNamespace("drift").withName("steady-worker");
    workers.edit(d -> {
      d.getSpec().setReplicas(7);
      return d;
    });
    eventually().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(workers.get().getSpec().getReplicas()).isEqualTo(2));
  }

  @Test
  void editedWorkerImageIsSetBack() {
    var workers = harness.bayClient().apps().deployments().inNamespace("drift").withName("steady-worker");
    workers.edit(d -> {
      d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/spark:latest");
      return d;
    });
    eventually().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(workers.get().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
            .isEqualTo("apache/spark:3.5.3"));
  }

  @Test
  void aSteadyStateMakesNoWrites() {
    awaitReady(harness, "drift", "steady");
    // whatever the other tests set in motion has settled: no write for two seconds
    eventually().during(Duration.ofSeconds(2)).until(SparkClusterDriftIT::noWriteSinceLastLook);
    long magnumWritesBefore = magnumWrites();
    long tokensBefore = harness.openstack.counters().tokensIssued();
    long bayLookupsBefore = harness.openstack.counters().magnumCalls("clusters.get");
    harness.management.resetRequests();
    harness.bay.resetRequests();

    // Three reconciles of an unchanged cluster: a change of its credentials Secret's data (a key the
    // operator does not read, so the credentials stay the same) triggers each.
    var secret = harness.management.client().secrets().inNamespace("drift").withName(OperatorHarness.SECRET);
    for (int round = 0; round < 3; round++) {
      String value = "r" + round;
      secret.edit(s -> {
        s.getStringData().put("note", value);
        return s;
      });
      eventually().until(() -> harness.openstack.counters().magnumCalls("clusters.get") > bayLookupsBefore);
    }
    eventually().untilAsserted(() ->
        assertThat(harness.openstack.counters().magnumCalls("clusters.get")).isGreaterThanOrEqualTo(bayLookupsBefore + 3));

    assertThat(operatorWrites(harness.management.requests())).isEmpty();
    assertThat(operatorWrites(harness.bay.requests())).isEmpty();
    assertThat(magnumWrites()).isEqualTo(magnumWritesBefore);
    assertThat(harness.openstack.counters().tokensIssued()).isEqualTo(tokensBefore);
  }

  private static boolean noWriteSinceLastLook() {
    boolean quiet = operatorWrites(harness.management.requests()).isEmpty()
        && operatorWrites(harness.bay.requests()).isEmpty();
    harness.management.resetRequests();
    harness.bay.resetRequests();
    return quiet;
  }

  /** Writes other than the test's own edits of the credentials Secret. */
  private static List<KubeApi.Request> operatorWrites(List<KubeApi.Request> requests) {
    return requests.stream()
        .filter(KubeApi.Request::isWrite)
        .filter(r -> !r.path().contains("/secrets/" + OperatorHarness.SECRET))
        .toList();
  }

  private static long magnumWrites() {
    var counters = harness.openstack.counters();
    return counters.magnumCalls("clusters.create") + counters.magnumCalls("clusters.update")
        + counters.magnumCalls("clusters.delete") + counters.magnumCalls("certificates.sign");
  }
}
