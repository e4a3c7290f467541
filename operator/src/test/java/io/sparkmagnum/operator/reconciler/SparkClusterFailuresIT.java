package io.sparkmagnum.operator.reconciler;

import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitCondition;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitReady;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.edit;
import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.sparkmagnum.api.v1alpha1.Condition;
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

/** What goes wrong gets a reason and a message, creates nothing it should not, and heals when the cause goes away. */
@Tag("integration")
class SparkClusterFailuresIT {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static long bayCount(String name) {
    return harness.openstack.clusterHistory().stream().filter(c -> c.name().equals(name)).count();
  }

  private static SparkCluster adopting(String namespace, String name, String bayName) {
    SparkCluster cluster = OperatorHarness.sparkCluster(namespace, name, null);
    cluster.getSpec().getBay().setName(bayName);
    return cluster;
  }

  private static void assertWarning(String namespace, String name, String reason) {
    eventually().untilAsserted(() -> assertThat(harness.events(namespace, name))
        .anySatisfy(e -> {
          assertThat(e.getType()).isEqualTo("Warning");
          assertThat(e.getReason()).isEqualTo(reason);
        }));
  }

  @Test
  void anExistingBayIsAdoptedAndNeverResized() {
    harness.namespaceWithCredentials("adopt");
    String uuid = harness.openstack.addCluster(ClusterSeed.builder("k8sbay", DemoCloud.TEMPLATE_NAME)
        .nodeCount(3).apiAddress(harness.bay.url()).build());
    harness.apply(adopting("adopt", "shared", "k8sbay"));

    SparkCluster ready = awaitReady(harness, "adopt", "shared");
    assertThat(ready.getStatus().getBay().getUuid()).isEqualTo(uuid);
    assertThat(ready.getStatus().getBay().getOwned()).isFalse();
    assertThat(ready.getStatus().getBay().getNodeCount()).isEqualTo(3);
    assertThat(ReconcilerScenarios.condition(harness, "adopt", "shared", "BayReady").getReason()).isEqualTo("BayAdopted");
    assertThat(harness.bayClient().pods().inNamespace("adopt").withName("shared-master").get()).isNotNull();
    // spec.bay.nodeCount defaults to 1: an adopted bay is not the SparkCluster's to shrink
    assertThat(harness.openstack.counters().magnumCalls("clusters.update")).isZero();
    assertThat(bayCount("k8sbay")).isEqualTo(1);
  }

  @Test
  void aNamedBayThatDoesNotExistAndNoTemplateIsBayNotFound() {
    harness.namespaceWithCredentials("notfound");
    harness.apply(adopting("notfound", "lost", "nowhere-bay"));
    Condition ready = awaitCondition(harness, "notfound", "lost", "Ready", "False", "BayNotFound");
    assertThat(ready.getMessage()).contains("nowhere-bay").contains("template");
    assertThat(harness.get("notfound", "lost").getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertWarning("notfound", "lost", "BayNotFound");
    assertThat(bayCount("nowhere-bay")).isZero();
  }

  @Test
  void twoBaysWithTheNameAreAmbiguousAndNothingIsCreated() {
    harness.namespaceWithCredentials("twins");
    harness.openstack.addCluster(ClusterSeed.builder("twin", DemoCloud.TEMPLATE_NAME).build());
    harness.openstack.addCluster(ClusterSeed.builder("twin", DemoCloud.TEMPLATE_NAME).build());
    SparkCluster cluster = adopting("twins", "confused", "twin");
    cluster.getSpec().getBay().setTemplate(DemoCloud.TEMPLATE_NAME);
    harness.apply(cluster);
    Condition ready = awaitCondition(harness, "twins", "confused", "Ready", "False", "BayAmbiguous");
    assertThat(ready.getMessage()).contains("twin");
    assertThat(bayCount("twin")).isEqualTo(2);
  }

  @Test
  void aMissingTemplateIsTemplateNotFound() {
    harness.namespaceWithCredentials("notemplate");
    harness.apply(OperatorHarness.sparkCluster("notemplate", "orphan", "no-such-template"));
    Condition ready = awaitCondition(harness, "notemplate", "orphan", "Ready", "False", "TemplateNotFound");
    assertThat(ready.getMessage()).contains("no-such-template");
    assertThat(harness.get("notemplate", "orphan").getStatus().getPhase()).isEqualTo(Phase.Failed);
  }

  @Test
  void aFailedCreationIsReportedWithMagnumsReason() {
    harness.namespaceWithCredentials("doomed");
    harness.openstack.faults().failClusterCreation("doomed-bay", "Quota exceeded for instances: Requested 2, but already used 20 of 20");
    SparkCluster cluster = OperatorHarness.sparkCluster("doomed", "unlucky", DemoCloud.TEMPLATE_NAME);
    cluster.getSpec().getBay().setName("doomed-bay");
    harness.apply(cluster);
    Condition ready = awaitCondition(harness, "doomed", "unlucky", "Ready", "False", "BayCreateFailed");
    assertThat(ready.getMessage()).contains("Quota exceeded for instances");
    SparkCluster failed = harness.get("doomed", "unlucky");
    assertThat(failed.getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertThat(failed.getStatus().getBay().getStatus()).isEqualTo("CREATE_FAILED");
    assertThat(failed.getStatus().getBay().getOwned()).isTrue();
    assertWarning("doomed", "unlucky", "BayCreateFailed");
    assertThat(bayCount("doomed-bay")).isEqualTo(1);
  }

  @Test
  void aMissingSecretWaitsAndIsPickedUpAtOnce() {
    harness.createNamespace("nosecret");
    harness.apply(OperatorHarness.sparkCluster("nosecret", "patient", DemoCloud.TEMPLATE_NAME));
    Condition ready = awaitCondition(harness, "nosecret", "patient", "Ready", "False", "CredentialsMissing");
    assertThat(ready.getMessage()).contains(OperatorHarness.SECRET).contains("nosecret");
    assertThat(harness.get("nosecret", "patient").getStatus().getPhase()).isEqualTo(Phase.Pending);

    harness.management.client().secrets().inNamespace("nosecret")
        .resource(harness.credentials("nosecret", DemoCloud.PASSWORD)).create();
    awaitReady(harness, "nosecret", "patient");
  }

  @Test
  void aWrongPasswordIsAuthenticationFailedUntilTheSecretIsFixed() {
    harness.createNamespace("badpass");
    harness.management.client().secrets().inNamespace("badpass")
        .resource(harness.credentials("badpass", "not-the-password")).create();
    harness.apply(OperatorHarness.sparkCluster("badpass", "locked", DemoCloud.TEMPLATE_NAME));
    Condition ready = awaitCondition(harness, "badpass", "locked", "Ready", "False", "AuthenticationFailed");
    assertThat(ready.getMessage()).doesNotContain("not-the-password");
    assertThat(harness.get("badpass", "locked").getStatus().getPhase()).isEqualTo(Phase.Failed);
    assertWarning("badpass", "locked", "AuthenticationFailed");
    assertThat(harness.events("badpass", "locked")).extracting(Event::getMessage)
        .noneSatisfy(m -> assertThat(m).contains("not-the-password"));

    harness.management.client().secrets().inNamespace("badpass")
        .resource(harness.credentials("badpass", DemoCloud.PASSWORD)).update();
    awaitReady(harness, "badpass", "locked");
  }

  @Test
  void anInvalidSpecIsRejectedBeforeOpenStackIsAsked() {
    harness.namespaceWithCredentials("invalid");
    SparkCluster cluster = OperatorHarness.sparkCluster("invalid", "broken", DemoCloud.TEMPLATE_NAME);
    cluster.getSpec().getWorkers().setReplicas(-1);
    cluster.getSpec().getWorkers().setMemory("lots");
    cluster.getSpec().getSparkConf().put("spark.evil", "x\nspark.master=spark://attacker:7077");
    harness.apply(cluster);
    Condition ready = awaitCondition(harness, "invalid", "broken", "Ready", "False", "InvalidSpec");
    assertThat(ready.getMessage()).contains("spec.workers.replicas").contains("spec.workers.memory").contains("spark.evil");
    assertThat(ready.getMessage()).doesNotContain("attacker");
    assertWarning("invalid", "broken", "InvalidSpec");
    assertThat(harness.get("invalid", "broken").getStatus().getBay()).isNull();

    edit(harness, "invalid", "broken", c -> {
      c.getSpec().getWorkers().setReplicas(1);
      c.getSpec().getWorkers().setMemory("1g");
      c.getSpec().getSparkConf().clear();
    });
    awaitReady(harness, "invalid", "broken");
  }

  @Test
  void openStackDownThenUp() {
    harness.namespaceWithCredentials("outage");
    var fault = harness.openstack.faults().failUntilCleared(Service.MAGNUM, "clusters.list", 503);
    try {
      harness.apply(OperatorHarness.sparkCluster("outage", "stormy", DemoCloud.TEMPLATE_NAME));
      Condition ready = awaitCondition(harness, "outage", "stormy", "Ready", "False", "OpenStackUnavailable");
      assertThat(ready.getMessage()).isNotBlank();
      assertThat(harness.get("outage", "stormy").getStatus().getPhase()).isEqualTo(Phase.Pending);
    } finally {
      fault.cancel();
    }
    awaitReady(harness, "outage", "stormy");
  }

  @Test
  void aCrashBetweenCreateAndStatusWriteLeavesOneBayThatStaysOwned() {
    harness.namespaceWithCredentials("crash");
    harness.stopOperator();
    SparkCluster applied = harness.apply(OperatorHarness.sparkCluster("crash", "phoenix", DemoCloud.TEMPLATE_NAME));
    // what a dead operator leaves behind: the create call reached Magnum, the uuid never reached status
    String bayName = "spark-crash-phoenix-" + applied.getMetadata().getUid().replace("-", "").substring(0, 8);
    String uuid = harness.openstack.addCluster(ClusterSeed.builder(bayName, DemoCloud.TEMPLATE_NAME)
        .apiAddress(harness.bay.url()).build());
    long createsBefore = harness.openstack.counters().magnumCalls("clusters.create");
    harness.startOperator();

    SparkCluster ready = awaitReady(harness, "crash", "phoenix");
    assertThat(ready.getStatus().getBay().getUuid()).isEqualTo(uuid);
    assertThat(ready.getStatus().getBay().getOwned()).isTrue();
    assertThat(harness.openstack.counters().magnumCalls("clusters.create")).isEqualTo(createsBefore);
    assertThat(bayCount(bayName)).isEqualTo(1);

    // owned, so it goes with the SparkCluster
    harness.resource("crash", "phoenix").delete();
    eventually().until(() -> harness.get("crash", "phoenix") == null);
    assertThat(harness.openstack.cluster(uuid)).isEmpty();
  }
}
