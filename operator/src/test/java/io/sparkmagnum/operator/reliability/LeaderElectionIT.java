package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.baysEverNamed;
import static io.sparkmagnum.operator.reliability.Observed.derivedBayName;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmagnum.operator.runtime.OperatorRuntime;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.operator.testing.OperatorProcess;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.testkit.KubeApi;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas with leader election, each in its own JVM: only the leader writes; when it is killed
 * the other takes over once the lease has run out, and there is still one bay per SparkCluster.
 */
@Tag("integration")
class LeaderElectionIT {
  private static final String NAMESPACE = "elected";
  private static final String LEASE_NAMESPACE = "spark-magnum-operator";
  /**
   * The longest pause between two acquire attempts of the fabric8 leader elector: the retry period (2 s) plus
   * its jitter, the period times a random fraction times 1.2 (LeaderElector.jitter, JITTER_FACTOR), so up to
   * 2.2 periods.
   */
  private static final Duration RETRY_PERIOD_WITH_JITTER = Duration.ofMillis(4400);

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.withoutOperator(Canaries::cloud, Map.of());
    canary.inspect(harness.management, harness.bay);
    // what the operator's RBAC grants (deploy/rbac.yaml), as the SDK checks before electing
    harness.management.answerPost("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
        Serialization.asJson(new SelfSubjectRulesReviewBuilder()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(new ResourceRule(List.of("coordination.k8s.io"), List.of(), List.of("leases"),
                List.of("get", "create", "update")))
            .endStatus()
            .build()));
    Canaries.namespaceWithPassword(harness, NAMESPACE);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static OperatorProcess replica(String identity) {
    OperatorProcess replica = OperatorProcess.start(identity, harness.management,
        Map.of(Settings.LEADER_ELECTION_NAMESPACE, LEASE_NAMESPACE), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
    canary.inspectOutput(replica.output());
    within(Duration.ofSeconds(60)).until(replica::ready);
    return replica;
  }

  private static Lease lease() {
    return harness.management.client().leases().inNamespace(LEASE_NAMESPACE).withName(OperatorRuntime.LEASE_NAME).get();
  }

  /** Writes to the management API by one replica, the permission check at start aside. */
  private static List<KubeApi.Request> writesBy(String identity) {
    return harness.management.requests().stream()
        .filter(request -> identity.equals(request.userAgent()) && request.isWrite())
        .filter(request -> !request.path().contains("selfsubjectrulesreviews"))
        .toList();
  }

  @Test
  void onlyTheLeaderWritesAndTheOtherTakesOverWhenItsLeaseRunsOut() {
    Map<String, String> bayNames = new LinkedHashMap<>();
    try (OperatorProcess first = replica("operator-a")) {
      within(Duration.ofSeconds(30)).until(first::leading);
      try (OperatorProcess second = replica("operator-b")) {
        assertThat(second.leading()).isFalse();
        for (String name : List.of("one", "two")) {
          bayNames.put(name, derivedBayName(harness.apply(OperatorHarness.sparkCluster(NAMESPACE, name,
              DemoCloud.TEMPLATE_NAME))));
        }
        awaitReady(harness, NAMESPACE, "one");
        awaitReady(harness, NAMESPACE, "two");

        assertThat(writesBy("operator-a")).as("the leader's writes").isNotEmpty();
        assertThat(writesBy("operator-b")).as("the standby's writes").isEmpty();
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("operator-a");

        first.kill();
        Instant killed = Instant.now();
        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();
        // applied while nobody leads: the new leader picks it up
        bayNames.put("three", derivedBayName(harness.apply(OperatorHarness.sparkCluster(NAMESPACE, "three",
            DemoCloud.TEMPLATE_NAME))));

        within(Duration.ofSeconds(30)).until(() -> "operator-b".equals(lease().getSpec().getHolderIdentity()));
        Lease taken = lease();
        Duration leaseDuration = Duration.ofSeconds(taken.getSpec().getLeaseDurationSeconds());
        Duration waited = Duration.between(lastRenewal, taken.getSpec().getAcquireTime().toInstant());
        System.out.printf("Leader killed: the standby took over %d ms after the kill, %d ms after the last renewal"
            + " (lease %d s)%n", Duration.between(killed, Instant.now()).toMillis(), waited.toMillis(),
            leaseDuration.toSeconds());
        assertThat(waited).as("no takeover before the lease ran out").isGreaterThanOrEqualTo(leaseDuration);
        assertThat(waited).as("takeover once it ran out").isLessThanOrEqualTo(leaseDuration.plus(RETRY_PERIOD_WITH_JITTER));
        within(Duration.ofSeconds(10)).until(second::leading);

        awaitReady(harness, NAMESPACE, "three");
        awaitReady(harness, NAMESPACE, "one");
        awaitReady(harness, NAMESPACE, "two");
        bayNames.forEach((name, bayName) ->
            assertThat(baysEverNamed(harness, bayName)).as("bays ever made for %s", name).hasSize(1));
        assertThat(harness.openstack.clustersCreatedThroughApi()).isEqualTo(3);
        assertThat(writesBy("operator-b")).as("the new leader's writes").isNotEmpty();

        bayNames.keySet().forEach(name -> harness.resource(NAMESPACE, name).delete());
        eventually().untilAsserted(() -> {
          bayNames.keySet().forEach(name -> assertThat(harness.get(NAMESPACE, name)).as(name).isNull());
          assertThat(harness.openstack.clusters()).noneMatch(bay -> bayNames.containsValue(bay.name()));
        });
      }
    }
  }
}
