package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.Counter;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.Counters;
import io.sparkmagnum.simulator.DemoCloud;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures that only a person can fix (a wrong password, a bay Magnum could not create, a template
 * that does not exist) are reported with a reason and a message, and then left alone: over a minute
 * the operator neither reconciles them again and again nor keeps asking OpenStack.
 */
@Tag("integration")
class PermanentFailureIT {
  private static final String NAMESPACE = "doomed";
  private static final Duration WINDOW = Duration.ofMinutes(1);
  private static final String QUOTA_EXCEEDED = "Quota exceeded for resources: ['instances']";

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(Canaries::cloud, Map.of());
    canary.inspect(harness.management, harness.bay);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static double reconciliationsStarted() {
    return harness.metrics().registry().find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static long openStackCalls() {
    Counters counters = harness.openstack.counters();
    return counters.keystoneCalls().values().stream().mapToLong(Long::longValue).sum()
        + counters.magnumCalls().values().stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void eachFailureIsReportedOnceAndThenLeftAloneForAMinute() {
    Canaries.namespaceWithPassword(harness, NAMESPACE);
    harness.management.client().resource(Canaries.secret(NAMESPACE, "wrong-credentials",
        Canaries.passwordCloudsYaml(harness.openstack.authUrl(), Canaries.WRONG_PASSWORD))).create();
    harness.openstack.faults().failClusterCreation("doomed-bay", QUOTA_EXCEEDED);

    SparkCluster wrongPassword = OperatorHarness.sparkCluster(NAMESPACE, "wrong-password", DemoCloud.TEMPLATE_NAME);
    wrongPassword.getSpec().getCloud().setSecretName("wrong-credentials");
    SparkCluster createFails = OperatorHarness.sparkCluster(NAMESPACE, "create-fails", DemoCloud.TEMPLATE_NAME);
    createFails.getSpec().getBay().setName("doomed-bay");
    SparkCluster noTemplate = OperatorHarness.sparkCluster(NAMESPACE, "no-template", "no-such-template");
    List.of(wrongPassword, createFails, noTemplate).forEach(harness::apply);

    Condition authentication = awaitReady(harness, NAMESPACE, "wrong-password", Condition.FALSE,
        Reasons.AUTHENTICATION_FAILED);
    assertThat(authentication.getMessage()).contains("Keystone").contains("Check the credentials");
    Condition creation = awaitReady(harness, NAMESPACE, "create-fails", Condition.FALSE, Reasons.BAY_CREATE_FAILED);
    assertThat(creation.getMessage()).contains("doomed-bay").contains(QUOTA_EXCEEDED);
    Condition template = awaitReady(harness, NAMESPACE, "no-template", Condition.FALSE, Reasons.TEMPLATE_NOT_FOUND);
    assertThat(template.getMessage()).contains("no-such-template");
    for (String name : List.of("wrong-password", "create-fails", "no-template")) {
      assertThat(harness.get(NAMESPACE, name).getStatus().getPhase()).as(name).isEqualTo(Phase.Failed);
      assertThat(harness.events(NAMESPACE, name)).as(name).anySatisfy(event -> {
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo(harness.get(NAMESPACE, name).getStatus().condition("Ready")
            .orElseThrow().getReason());
      });
    }

    double reconciliationsBefore = reconciliationsStarted();
    long callsBefore = openStackCalls();
    int eventsBefore = harness.management.client().v1().events().inNamespace(NAMESPACE).list().getItems().size();
    Awaitility.await("at most 3 reconciliations and 3 OpenStack calls in a minute").during(WINDOW)
        .atMost(WINDOW.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
        .until(() -> reconciliationsStarted() - reconciliationsBefore <= 3 && openStackCalls() - callsBefore <= 3);
    double reconciliations = reconciliationsStarted() - reconciliationsBefore;
    long calls = openStackCalls() - callsBefore;
    List<Event> events = harness.management.client().v1().events().inNamespace(NAMESPACE).list().getItems();
    System.out.printf("Permanent failures, over %s: %.0f reconciliations, %d OpenStack calls, %d events%n", WINDOW,
        reconciliations, calls, events.size() - eventsBefore);

    assertThat(reconciliations).as("reconciliations of the 3 failed SparkClusters in a minute").isLessThanOrEqualTo(3);
    assertThat(calls).as("Keystone and Magnum calls for them in a minute").isLessThanOrEqualTo(3);
    assertThat(events).as("no new events").hasSize(eventsBefore);
    assertThat(harness.openstack.clustersCreatedThroughApi()).as("one bay, the one Magnum failed").isEqualTo(1);
    within(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(harness.get(NAMESPACE, "create-fails").getStatus()
        .getBay().getStatus()).isEqualTo("CREATE_FAILED"));
  }
}
