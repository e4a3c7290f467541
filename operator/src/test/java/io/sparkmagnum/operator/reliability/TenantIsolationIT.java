package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.baysEverNamed;
import static io.sparkmagnum.operator.reliability.Observed.baysNamed;
import static io.sparkmagnum.operator.reliability.Observed.derivedBayName;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenants are namespaces: a SparkCluster uses only a Secret of its own namespace, two tenants'
 * SparkClusters of the same name get bays of their own, and an operator told to watch some
 * namespaces leaves the others alone.
 */
@Tag("integration")
class TenantIsolationIT {
  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness everywhere;
  private static OperatorHarness watching;

  @BeforeAll
  static void start() {
    everywhere = OperatorHarness.start(Canaries::cloud, Map.of());
    watching = OperatorHarness.start(Canaries::cloud, Map.of(Settings.WATCH_NAMESPACES, "watched,also-watched"));
    canary.inspect(everywhere.management, everywhere.bay).inspect(watching.management, watching.bay);
  }

  @AfterAll
  static void stop() {
    everywhere.close();
    watching.close();
  }

  @Test
  void sameNamesInTwoTenantsGetTheirOwnBaysAndNeverTheOthersSecret() {
    OperatorHarness harness = everywhere;
    Canaries.namespaceWithPassword(harness, "tenant-a");
    harness.createNamespace("tenant-b");
    SparkCluster a = harness.apply(OperatorHarness.sparkCluster("tenant-a", "analytics", DemoCloud.TEMPLATE_NAME));
    SparkCluster b = harness.apply(OperatorHarness.sparkCluster("tenant-b", "analytics", DemoCloud.TEMPLATE_NAME));
    SparkCluster reaching = OperatorHarness.sparkCluster("tenant-b", "reaching", DemoCloud.TEMPLATE_NAME);
    reaching.getSpec().getCloud().setSecretName("tenant-a/" + OperatorHarness.SECRET);
    harness.apply(reaching);

    awaitReady(harness, "tenant-a", "analytics");
    Condition missing = awaitReady(harness, "tenant-b", "analytics", Condition.FALSE, Reasons.CREDENTIALS_MISSING);
    assertThat(missing.getMessage()).contains("does not exist in namespace tenant-b");
    awaitReady(harness, "tenant-b", "reaching", Condition.FALSE, Reasons.CREDENTIALS_MISSING);
    assertThat(baysEverNamed(harness, derivedBayName(b))).isEmpty();

    // tenant-b's own credentials (another kind) make its SparkCluster go on by themselves
    harness.management.client().resource(Canaries.secret("tenant-b", OperatorHarness.SECRET,
        Canaries.applicationCredentialCloudsYaml(harness.openstack.authUrl()))).create();
    awaitReady(harness, "tenant-b", "analytics");
    String bayOfA = harness.get("tenant-a", "analytics").getStatus().getBay().getUuid();
    String bayOfB = harness.get("tenant-b", "analytics").getStatus().getBay().getUuid();
    assertThat(bayOfA).isNotEqualTo(bayOfB);
    assertThat(baysNamed(harness, derivedBayName(a))).singleElement().satisfies(bay -> assertThat(bay.uuid()).isEqualTo(bayOfA));
    assertThat(baysNamed(harness, derivedBayName(b))).singleElement().satisfies(bay -> assertThat(bay.uuid()).isEqualTo(bayOfB));
    var bay = harness.bayClient();
    assertThat(bay.pods().inNamespace("tenant-a").withName("analytics-master").get()).isNotNull();
    assertThat(bay.pods().inNamespace("tenant-b").withName("analytics-master").get()).isNotNull();

    // one tenant deleting its SparkCluster takes nothing of the other's
    harness.resource("tenant-a", "analytics").delete();
    eventually().until(() -> harness.get("tenant-a", "analytics") == null);
    assertThat(baysNamed(harness, derivedBayName(a))).isEmpty();
    assertThat(bay.pods().inNamespace("tenant-a").withName("analytics-master").get()).isNull();
    assertThat(baysNamed(harness, derivedBayName(b))).singleElement()
        .satisfies(survivor -> assertThat(survivor.status()).isEqualTo("CREATE_COMPLETE"));
    assertThat(bay.pods().inNamespace("tenant-b").withName("analytics-master").get()).isNotNull();
    awaitReady(harness, "tenant-b", "analytics");
  }

  @Test
  void namespacesOutsideWatchNamespacesAreLeftAlone() {
    OperatorHarness harness = watching;
    Canaries.namespaceWithPassword(harness, "ignored");
    Canaries.namespaceWithPassword(harness, "watched");
    SparkCluster ignored = harness.apply(OperatorHarness.sparkCluster("ignored", "analytics", DemoCloud.TEMPLATE_NAME));
    harness.apply(OperatorHarness.sparkCluster("watched", "analytics", DemoCloud.TEMPLATE_NAME));

    awaitReady(harness, "watched", "analytics");
    Observed.edit(harness, "ignored", "analytics", c -> c.getSpec().getWorkers().setReplicas(4));
    Observed.edit(harness, "watched", "analytics", c -> c.getSpec().getWorkers().setReplicas(4));
    eventually().until(() -> harness.get("watched", "analytics").getStatus().getWorkers().getReady() == 4);

    SparkCluster untouched = harness.get("ignored", "analytics");
    assertThat(untouched.getStatus()).isNull();
    assertThat(untouched.getMetadata().getFinalizers()).isEmpty();
    assertThat(harness.events("ignored", "analytics")).isEmpty();
    assertThat(baysEverNamed(harness, derivedBayName(ignored))).isEmpty();
    assertThat(harness.bayClient().namespaces().withName("ignored").get()).isNull();
    assertThat(harness.openstack.clustersCreatedThroughApi()).isEqualTo(1);
  }
}
