package io.sparkmagnum.operator.reconciler;

import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitCondition;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitReady;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.sparkmagnum.api.v1alpha1.DeletionPolicy;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.ClusterSeed;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Deleting a SparkCluster removes what it made, keeps what it did not, and waits for Magnum rather than orphan a bay. */
@Tag("integration")
class SparkClusterDeletionIT {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String readyCluster(String namespace, SparkCluster cluster) {
    harness.namespaceWithCredentials(namespace);
    harness.apply(cluster);
    return awaitReady(harness, namespace, cluster.getMetadata().getName()).getStatus().getBay().getUuid();
  }

  private static void assertSparkObjectsGone(String namespace) {
    eventually().untilAsserted(() -> {
      var bay = harness.bayClient();
      assertThat(bay.pods().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(bay.services().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(bay.apps().deployments().inNamespace(namespace).list().getItems()).isEmpty();
      assertThat(bay.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
    });
  }

  @Test
  void anOwnedBayIsDeletedAndWaitedFor() {
    String uuid = readyCluster("owned", OperatorHarness.sparkCluster("owned", "temporary", DemoCloud.TEMPLATE_NAME));
    harness.resource("owned", "temporary").delete();

    // the finalizer holds the SparkCluster while Magnum deletes the bay
    eventually().untilAsserted(() -> {
      SparkCluster deleting = harness.get("owned", "temporary");
      assertThat(deleting.getStatus().getPhase()).isEqualTo(Phase.Deleting);
      assertThat(deleting.getStatus().getBay().getStatus()).isEqualTo("DELETE_IN_PROGRESS");
    });
    eventually().until(() -> harness.get("owned", "temporary") == null);
    assertThat(harness.openstack.cluster(uuid)).isEmpty();
    assertThat(harness.openstack.clusterHistory()).filteredOn(c -> c.uuid().equals(uuid))
        .singleElement().satisfies(c -> assertThat(c.deleted()).isTrue());
    assertSparkObjectsGone("owned");
    assertThat(harness.management.client().secrets().inNamespace("owned").withName("temporary-bay-kubeconfig").get()
        == null).as("the kubeconfig Secret is deleted").isTrue();
    assertThat(harness.events("owned", "temporary")).extracting(Event::getReason).contains("BayDeleting", "BayDeleted");
  }

  @Test
  void aRetainedBayIsKept() {
    SparkCluster cluster = OperatorHarness.sparkCluster("retain", "keeper", DemoCloud.TEMPLATE_NAME);
    cluster.getSpec().getBay().setDeletionPolicy(DeletionPolicy.Retain);
    String uuid = readyCluster("retain", cluster);
    harness.resource("retain", "keeper").delete();
    eventually().until(() -> harness.get("retain", "keeper") == null);
    assertThat(harness.openstack.cluster(uuid)).hasValueSatisfying(c -> assertThat(c.status()).isEqualTo("CREATE_COMPLETE"));
    assertSparkObjectsGone("retain");
  }

  @Test
  void anAdoptedBayIsKeptWithItsSparkObjectsRemoved() {
    String uuid = harness.openstack.addCluster(ClusterSeed.builder("team-bay", DemoCloud.TEMPLATE_NAME)
        .apiAddress(harness.bay.url()).build());
    SparkCluster cluster = OperatorHarness.sparkCluster("adopted", "guest", null);
    cluster.getSpec().getBay().setName("team-bay");
    readyCluster("adopted", cluster);
    // a foreign object in the same namespace of the bay is not the operator's to remove
    harness.bayClient().configMaps().inNamespace("adopted").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("team-settings").endMetadata().addToData("k", "v").build()).create();

    harness.resource("adopted", "guest").delete();
    eventually().until(() -> harness.get("adopted", "guest") == null);
    assertThat(harness.openstack.cluster(uuid)).isPresent();
    eventually().untilAsserted(() -> {
      var bay = harness.bayClient();
      assertThat(bay.pods().inNamespace("adopted").list().getItems()).isEmpty();
      assertThat(bay.apps().deployments().inNamespace("adopted").list().getItems()).isEmpty();
      assertThat(bay.configMaps().inNamespace("adopted").list().getItems()).extracting(c -> c.getMetadata().getName())
          .containsExactly("team-settings");
    });
  }

  @Test
  void magnumDownDuringDeletionKeepsTheFinalizerUntilItIsBack() {
    String uuid = readyCluster("stormy", OperatorHarness.sparkCluster("stormy", "waiting", DemoCloud.TEMPLATE_NAME));
    var outage = harness.openstack.faults().failUntilCleared(Service.MAGNUM, 503);
    try {
      harness.resource("stormy", "waiting").delete();

      awaitCondition(harness, "stormy", "waiting", "Ready", "False", "OpenStackUnavailable");
      assertThat(harness.get("stormy", "waiting").getMetadata().getFinalizers()).isNotEmpty();
      assertThat(harness.get("stormy", "waiting").getStatus().getPhase()).isEqualTo(Phase.Deleting);
      eventually().untilAsserted(() -> assertThat(harness.events("stormy", "waiting"))
          .anySatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("OpenStackUnavailable");
          }));
      assertThat(harness.openstack.cluster(uuid)).isPresent();
    } finally {
      outage.cancel();
    }
    eventually().until(() -> harness.get("stormy", "waiting") == null);
    assertThat(harness.openstack.cluster(uuid)).isEmpty();
  }
}
