package io.sparkmagnum.operator.reconciler;

import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitReady;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.testkit.KubeApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What one SparkCluster costs each API from apply to Ready, printed for the record and bounded so
 * that a change which makes the operator chattier fails here.
 */
@Tag("integration")
class RequestBudgetIT {

  @Test
  void oneClusterFromApplyToReady() {
    try (OperatorHarness harness = OperatorHarness.start()) {
      harness.namespaceWithCredentials("budget");
      // let the informers' initial lists and watches settle, then count from the apply
      eventually().during(Duration.ofMillis(500)).until(() -> {
        harness.management.resetRequests();
        harness.bay.resetRequests();
        return true;
      });
      long tokensBefore = harness.openstack.counters().tokensIssued();
      Map<String, Long> magnumBefore = Map.copyOf(harness.openstack.counters().magnumCalls());

      harness.apply(OperatorHarness.sparkCluster("budget", "counted", DemoCloud.TEMPLATE_NAME));
      awaitReady(harness, "budget", "counted");

      List<KubeApi.Request> management = harness.management.requests().stream()
          .filter(r -> !(r.method().equals("POST") && r.path().endsWith("/sparkclusters"))) // the test's apply
          .filter(r -> !(r.method().equals("GET") && r.path().contains("/sparkclusters/counted"))) // the test's polling
          .toList();
      List<KubeApi.Request> bay = harness.bay.requests().stream()
          .filter(r -> !r.path().endsWith("/status")) // the node simulator, standing in for kubelet
          .toList();
      long tokens = harness.openstack.counters().tokensIssued() - tokensBefore;
      Map<String, Long> magnum = harness.openstack.counters().magnumCalls().entrySet().stream()
          .filter(e -> e.getValue() - magnumBefore.getOrDefault(e.getKey(), 0L) > 0)
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - magnumBefore.getOrDefault(e.getKey(), 0L)));

      System.out.printf("apply -> Ready: management %d requests (%d writes) %s%n", management.size(),
          management.stream().filter(KubeApi.Request::isWrite).count(), summary(management));
      System.out.printf("apply -> Ready: bay %d requests (%d writes) %s%n", bay.size(),
          bay.stream().filter(KubeApi.Request::isWrite).count(), summary(bay));
      System.out.printf("apply -> Ready: keystone tokens %d; magnum %s%n", tokens, magnum);

      assertThat(tokens).isEqualTo(1);
      assertThat(magnum.get("clusters.create")).isEqualTo(1);
      assertThat(magnum.getOrDefault("clusters.update", 0L)).isZero();
      assertThat(magnum.get("certificates.sign")).isEqualTo(1);
      assertThat(management.stream().filter(KubeApi.Request::isWrite).count()).isLessThanOrEqualTo(10);
      // namespace, spark-defaults ConfigMap, master Pod, master Service, worker Deployment: each created once
      assertThat(bay.stream().filter(KubeApi.Request::isWrite).map(KubeApi.Request::method).toList())
          .containsOnly("POST").hasSize(5);
    }
  }

  private static Map<String, Long> summary(List<KubeApi.Request> requests) {
    return requests.stream().collect(Collectors.groupingBy(
        r -> r.method() + " " + r.path().replaceAll("\\?.*", "").replaceAll("/namespaces/[^/]+", "/namespaces/*"),
        java.util.TreeMap::new, Collectors.counting()));
  }
}
