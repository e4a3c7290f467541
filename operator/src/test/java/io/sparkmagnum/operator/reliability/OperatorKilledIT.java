package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.baysEverNamed;
import static io.sparkmagnum.operator.reliability.Observed.baysNamed;
import static io.sparkmagnum.operator.reliability.Observed.derivedBayName;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.api.v1alpha1.BayStatus;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.operator.testing.OperatorProcess;
import io.sparkmagnum.simulator.ClusterSnapshot;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.InjectedFault;
import io.sparkmagnum.simulator.ManualClock;
import io.sparkmagnum.simulator.Operations;
import io.sparkmagnum.simulator.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's JVM killed (SIGKILL) while its bays are at every point of their life, and a new
 * one started: it finishes what the dead one left, never makes a second bay, and deletes cleanly.
 * Magnum's clock is manual, so a bay stays in progress until the test moves the clock on.
 */
@Tag("integration")
class OperatorKilledIT {
  private static final String NAMESPACE = "crash";
  /** Longer than anything else in the test: only moving the clock finishes a Magnum operation. */
  private static final Duration MAGNUM_OPERATION = Duration.ofMinutes(10);

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static final ManualClock clock = ManualClock.startingNow();
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.withoutOperator(builder -> Canaries.cloud(builder).clock(clock)
        .operationDurations(MAGNUM_OPERATION, MAGNUM_OPERATION, MAGNUM_OPERATION), Map.of());
    canary.inspect(harness.management, harness.bay);
    Canaries.namespaceWithPassword(harness, NAMESPACE);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static OperatorProcess operator(String identity) {
    OperatorProcess operator = OperatorProcess.start(identity, harness.management, Map.of(),
        List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    canary.inspectOutput(operator.output());
    within(Duration.ofSeconds(60)).until(operator::ready);
    return operator;
  }

  private static SparkCluster apply(String name) {
    return harness.apply(OperatorHarness.sparkCluster(NAMESPACE, name, DemoCloud.TEMPLATE_NAME));
  }

  private static BayStatus recordedBay(String name) {
    return harness.get(NAMESPACE, name).getStatus().getBay();
  }

  private static String magnumStatus(String bayName) {
    return baysNamed(harness, bayName).get(0).status();
  }

  @Test
  void aNewOperatorFinishesWhatAKilledOneLeftWithOneBayPerSparkCluster() {
    Map<String, String> bayNames = new LinkedHashMap<>();
    try (OperatorProcess first = operator("operator-1")) {
      // "complete" ends up Ready; "deleting" is being deleted when the operator dies
      for (String name : List.of("complete", "deleting")) {
        bayNames.put(name, derivedBayName(apply(name)));
      }
      eventually().untilAsserted(() -> {
        assertThat(magnumStatus(bayNames.get("complete"))).isEqualTo("CREATE_IN_PROGRESS");
        assertThat(magnumStatus(bayNames.get("deleting"))).isEqualTo("CREATE_IN_PROGRESS");
      });
      clock.advance(MAGNUM_OPERATION);
      awaitReady(harness, NAMESPACE, "complete");
      awaitReady(harness, NAMESPACE, "deleting");
      harness.resource(NAMESPACE, "deleting").delete();
      eventually().until(() -> magnumStatus(bayNames.get("deleting")).equals("DELETE_IN_PROGRESS"));

      // "in-progress": its bay is being created, the uuid recorded
      bayNames.put("in-progress", derivedBayName(apply("in-progress")));
      eventually().untilAsserted(() -> {
        assertThat(recordedBay("in-progress").getUuid()).isNotNull();
        assertThat(magnumStatus(bayNames.get("in-progress"))).isEqualTo("CREATE_IN_PROGRESS");
      });

      // "create-sent": Magnum made the bay but its answer is held back, so the uuid never gets recorded
      InjectedFault heldAnswer = harness.openstack.faults().delayNext(Service.MAGNUM, Operations.CLUSTERS_CREATE, 1,
          Duration.ofMinutes(5));
      bayNames.put("create-sent", derivedBayName(apply("create-sent")));
      eventually().untilAsserted(() -> {
        assertThat(heldAnswer.timesApplied()).isEqualTo(1);
        assertThat(baysNamed(harness, bayNames.get("create-sent"))).hasSize(1);
      });
      BayStatus intent = recordedBay("create-sent");
      assertThat(intent.getName()).isEqualTo(bayNames.get("create-sent"));
      assertThat(intent.getOwned()).isTrue();
      assertThat(intent.getUuid()).as("the create call has not answered").isNull();

      first.kill();
    }

    try (OperatorProcess second = operator("operator-2")) {
      clock.advance(MAGNUM_OPERATION);
      for (String name : List.of("create-sent", "in-progress", "complete")) {
        awaitReady(harness, NAMESPACE, name);
      }
      eventually().until(() -> harness.get(NAMESPACE, "deleting") == null);

      bayNames.forEach((name, bayName) ->
          assertThat(baysEverNamed(harness, bayName)).as("bays ever made for %s", name).hasSize(1));
      assertThat(harness.openstack.clustersCreatedThroughApi()).isEqualTo(bayNames.size());
      assertThat(baysEverNamed(harness, bayNames.get("deleting"))).singleElement()
          .satisfies(bay -> assertThat(bay.deleted()).isTrue());
      ClusterSnapshot adopted = baysNamed(harness, bayNames.get("create-sent")).get(0);
      BayStatus recorded = recordedBay("create-sent");
      assertThat(recorded.getUuid()).isEqualTo(adopted.uuid());
      assertThat(recorded.getOwned()).as("created by this SparkCluster, so deleted with it").isTrue();

      // the successor deletes what is left, bays included
      List<String> remaining = List.of("create-sent", "in-progress", "complete");
      remaining.forEach(name -> harness.resource(NAMESPACE, name).delete());
      eventually().untilAsserted(() -> remaining.forEach(name ->
          assertThat(magnumStatus(bayNames.get(name))).isEqualTo("DELETE_IN_PROGRESS")));
      clock.advance(MAGNUM_OPERATION);
      eventually().untilAsserted(() -> {
        remaining.forEach(name -> assertThat(harness.get(NAMESPACE, name)).as(name).isNull());
        assertThat(harness.openstack.clusters()).noneMatch(bay -> bayNames.containsValue(bay.name()));
      });
      assertThat(harness.openstack.clustersCreatedThroughApi()).isEqualTo(bayNames.size());
    }
  }
}
