package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.baysEverNamed;
import static io.sparkmagnum.operator.reliability.Observed.condition;
import static io.sparkmagnum.operator.reliability.Observed.derivedBayName;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.openstack.OpenStackSettings;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.InjectedFault;
import io.sparkmagnum.simulator.Operations;
import io.sparkmagnum.simulator.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Magnum answering 5xx, 429 and nothing at all for a while, Keystone down for a while: the
 * SparkCluster says OpenStackUnavailable meanwhile, the operator tries again after longer and longer
 * pauses, and once OpenStack is back the cluster ends Ready with one bay.
 */
@Tag("integration")
class OpenStackOutageIT {
  /** Short, so that a test can wait for a timeout: a call is given up after connect + read time. */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /**
   * The reconciler's backoff (JOSDK @GradualRetry 2 s x 2 up to 5 min): the SDK's GenericRetryExecution
   * waits the initial interval twice before it starts doubling.
   */
  private static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(2), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(8));
  /** Timer and sampling jitter allowed on a pause. */
  private static final Duration SLACK = Duration.ofMillis(400);

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.withoutOperator(Canaries::cloud, Map.of());
    harness.startOperator(OpenStackSettings.defaults().withTimeouts(TIMEOUT, TIMEOUT));
    canary.inspect(harness.management, harness.bay);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static void awaitUnavailable(String namespace, String name) {
    eventually().untilAsserted(() -> assertThat(condition(harness, namespace, name, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
      assertThat(c.getReason()).isEqualTo(Reasons.OPENSTACK_UNAVAILABLE);
    }));
  }

  /**
   * The pauses between the calls of consecutive attempts follow the backoff, each one plus however long
   * the failed call took to fail ({@code failedAfter}), and the last ones double.
   */
  private static void assertBackoff(List<Duration> pauses, List<Duration> failedAfter) {
    for (int i = 0; i < pauses.size(); i++) {
      Duration expected = BACKOFF.get(i).plus(failedAfter.get(i));
      assertThat(pauses.get(i)).as("pause %d of %s", i + 1, pauses).isBetween(expected.minus(SLACK), expected.plus(SLACK));
    }
    assertThat(pauses.get(pauses.size() - 1)).isGreaterThanOrEqualTo(pauses.get(0).multipliedBy(3));
  }

  @Test
  void magnumErrorsAndTimeoutsAreRetriedAfterGrowingPausesThenTheClusterIsReady() {
    Canaries.namespaceWithPassword(harness, "magnum-outage");
    var faults = harness.openstack.faults();
    try (CallTimeline magnum = new CallTimeline(() ->
        harness.openstack.counters().magnumCalls().values().stream().mapToLong(Long::longValue).sum())) {
      InjectedFault unavailable = faults.failNext(Service.MAGNUM, 1, 503);
      SparkCluster cluster = harness.apply(OperatorHarness.sparkCluster("magnum-outage", "patient",
          DemoCloud.TEMPLATE_NAME));
      eventually().until(() -> unavailable.timesApplied() == 1);
      awaitUnavailable("magnum-outage", "patient");

      // each next failure is set up during the pause before the attempt it is meant for
      InjectedFault throttled = faults.failNext(Service.MAGNUM, 1, 429);
      eventually().until(() -> throttled.timesApplied() == 1);
      awaitUnavailable("magnum-outage", "patient");
      InjectedFault silent = faults.delayNext(Service.MAGNUM, null, 1, TIMEOUT.multipliedBy(5));
      eventually().until(() -> silent.timesApplied() == 1);
      Condition duringTimeout = Observed.within(Duration.ofSeconds(10)).until(
          () -> condition(harness, "magnum-outage", "patient", "Ready").orElseThrow(),
          c -> c.getMessage().contains("did not answer"));
      assertThat(duringTimeout.getReason()).isEqualTo(Reasons.OPENSTACK_UNAVAILABLE);
      InjectedFault unavailableAgain = faults.failNext(Service.MAGNUM, 1, 502);
      eventually().until(() -> unavailableAgain.timesApplied() == 1);
      awaitUnavailable("magnum-outage", "patient");

      within(Duration.ofSeconds(40)).untilAsserted(() ->
          assertThat(condition(harness, "magnum-outage", "patient", "Ready").orElseThrow().getStatus())
              .isEqualTo(Condition.TRUE));

      // 503, 429, timeout, 502, then the call that found Magnum back
      List<Duration> pauses = magnum.gaps(5);
      System.out.println("Magnum outage: pauses between the calls of the failed attempts and the recovery: " + pauses);
      assertBackoff(pauses, List.of(Duration.ZERO, Duration.ZERO, TIMEOUT, Duration.ZERO));
      assertThat(baysEverNamed(harness, derivedBayName(cluster))).hasSize(1);
      assertThat(harness.events("magnum-outage", "patient")).extracting(Event::getReason)
          .contains(Reasons.OPENSTACK_UNAVAILABLE, "ClusterReady");
    }
  }

  @Test
  void keystoneDownIsRetriedAfterGrowingPausesWhileClustersWithATokenCarryOn() {
    Canaries.namespaceWithPassword(harness, "keystone-steady");
    harness.apply(OperatorHarness.sparkCluster("keystone-steady", "steady", DemoCloud.TEMPLATE_NAME));
    awaitReady(harness, "keystone-steady", "steady");

    // new credentials need a token; Keystone is down for its next four token requests
    Canaries.namespaceWithApplicationCredential(harness, "keystone-outage");
    try (CallTimeline tokenRequests = new CallTimeline(() ->
        harness.openstack.counters().keystoneCalls(Operations.TOKENS_CREATE))) {
      InjectedFault keystoneDown = harness.openstack.faults().failNext(Service.KEYSTONE, Operations.TOKENS_CREATE, 4,
          503);
      SparkCluster cluster = harness.apply(OperatorHarness.sparkCluster("keystone-outage", "patient",
          DemoCloud.TEMPLATE_NAME));
      awaitUnavailable("keystone-outage", "patient");

      // meanwhile a SparkCluster whose token Keystone issued before goes on being served
      Observed.edit(harness, "keystone-steady", "steady", c -> c.getSpec().getWorkers().setReplicas(3));
      eventually().untilAsserted(() -> assertThat(harness.get("keystone-steady", "steady").getStatus().getWorkers()
          .getReady()).isEqualTo(3));
      assertThat(keystoneDown.active()).as("Keystone still down").isTrue();

      within(Duration.ofSeconds(40)).untilAsserted(() ->
          assertThat(condition(harness, "keystone-outage", "patient", "Ready").orElseThrow().getStatus())
              .isEqualTo(Condition.TRUE));
      assertThat(keystoneDown.timesApplied()).isEqualTo(4);
      List<Duration> pauses = tokenRequests.gaps(5);
      System.out.println("Keystone outage: pauses between the token requests of the failed attempts and the recovery: "
          + pauses);
      assertBackoff(pauses, List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO));
      assertThat(baysEverNamed(harness, derivedBayName(cluster))).hasSize(1);
      assertThat(condition(harness, "keystone-steady", "steady", "Ready").orElseThrow().getStatus())
          .isEqualTo(Condition.TRUE);
    }
  }
}
