package io.sparkmagnum.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import java.time.Duration;
import java.util.function.Consumer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A SparkCluster's life as a user drives it: apply, watch status, change the spec, delete. */
@Tag("integration")
class SparkClusterLifecycleIT {
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  private SparkCluster ready(String namespace, String name) {
    eventually().untilAsserted(() -> {
      SparkClusterStatus status = harness.get(namespace, name).getStatus();
      assertThat(status).isNotNull();
      assertThat(status.condition("Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    });
    return harness.get(namespace, name);
  }

  private void edit(String namespace, String name, Consumer<SparkCluster> change) {
    harness.resource(namespace, name).edit(cluster -> {
      change.accept(cluster);
      return cluster;
    });
  }

  @Test
  void createdBayRunsSparkAndReportsReady() {
    harness.namespaceWithCredentials("team-a");
    harness.apply(OperatorHarness.sparkCluster("team-a", "analytics", DemoCloud.TEMPLATE_NAME));

    eventually().untilAsserted(() -> assertThat(harness.get("team-a", "analytics").getStatus().getPhase())
        .isEqualTo(Phase.Provisioning));
    SparkCluster cluster = ready("team-a", "analytics");
    SparkClusterStatus status = cluster.getStatus();

    assertThat(status.getPhase()).isEqualTo(Phase.Running);
    assertThat(status.getObservedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
    String bayName = "spark-team-a-analytics-" + cluster.getMetadata().getUid().replace("-", "").substring(0, 8);
    assertThat(status.getBay().getName()).isEqualTo(bayName);
    assertThat(status.getBay().getUuid()).isNotBlank();
    assertThat(status.getBay().getStatus()).isEqualTo("CREATE_COMPLETE");
    assertThat(status.getBay().getOwned()).isTrue();
    assertThat(status.getBay().getNodeCount()).isEqualTo(1);
    assertThat(status.getBay().getApiAddress()).isEqualTo(harness.bay.url());
    assertThat(status.getMaster().getUrl()).isEqualTo("spark://analytics-master.team-a.svc:7077");
    assertThat(status.getMaster().getWebUiUrl()).isEqualTo("http://analytics-master.team-a.svc:8080");
    assertThat(status.getMaster().getExternalUrl()).isNull();
    assertThat(status.getWorkers().getDesired()).isEqualTo(2);
    assertThat(status.getWorkers().getReady()).isEqualTo(2);
    assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "True", "ClusterReady"),
            org.assertj.core.groups.Tuple.tuple("BayReady", "True", "BayCreateComplete"),
            org.assertj.core.groups.Tuple.tuple("MasterReady", "True", "MasterRunning"),
            org.assertj.core.groups.Tuple.tuple("WorkersReady", "True", "AllWorkersReady"));
    // the embedded bay API has no Spark master behind its service proxy: ready pods, registration unconfirmed
    assertThat(status.condition("WorkersReady").orElseThrow().getMessage())
        .startsWith("2/2 workers ready").contains("registration with the master not confirmed");
    assertThat(status.getWorkers().getRegistered()).isNull();
    assertThat(status.getConditions()).allSatisfy(c -> {
      assertThat(c.getLastTransitionTime()).isNotBlank();
      assertThat(c.getObservedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
    });

    // exactly one bay in Magnum, made from the template
    assertThat(harness.openstack.clusters()).filteredOn(c -> c.name().equals(bayName)).hasSize(1);

    // inside the bay: the walkthrough's objects
    var bay = harness.bayClient();
    assertThat(bay.namespaces().withName("team-a").get()).isNotNull();
    Pod master = bay.pods().inNamespace("team-a").withName("analytics-master").get();
    assertThat(master.getSpec().getContainers().get(0).getImage()).isEqualTo("apache/spark:3.5.3");
    assertThat(master.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "spark")
        .containsEntry("app.kubernetes.io/instance", "analytics")
        .containsEntry("app.kubernetes.io/component", "master")
        .containsEntry("app.kubernetes.io/managed-by", "spark-magnum-operator");
    Service service = bay.services().inNamespace("team-a").withName("analytics-master").get();
    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort())
        .containsExactlyInAnyOrder("spark:7077", "http:8080");
    Deployment workers = bay.apps().deployments().inNamespace("team-a").withName("analytics-worker").get();
    assertThat(workers.getSpec().getReplicas()).isEqualTo(2);
    assertThat(bay.pods().inNamespace("team-a").withName("analytics-driver").get()).isNull();

    // the kubeconfig an admin can use, owned by the SparkCluster
    Secret kubeconfig = harness.management.client().secrets().inNamespace("team-a")
        .withName("analytics-bay-kubeconfig").get();
    assertThat(kubeconfig.getData().keySet()).containsExactly("kubeconfig");
    assertThat(kubeconfig.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(cluster.getMetadata().getUid()));

    // events tell the story
    assertThat(harness.events("team-a", "analytics")).extracting(Event::getReason)
        .contains("BayCreating", "SparkDeployed", "ClusterReady");
  }

  @Test
  void specChangesConverge() {
    harness.namespaceWithCredentials("team-b");
    SparkCluster applied = OperatorHarness.sparkCluster("team-b", "etl", DemoCloud.TEMPLATE_NAME);
    harness.apply(applied);
    ready("team-b", "etl");
    var bay = harness.bayClient();

    edit("team-b", "etl", c -> c.getSpec().getWorkers().setReplicas(5));
    eventually().untilAsserted(() -> {
      assertThat(bay.apps().deployments().inNamespace("team-b").withName("etl-worker").get().getSpec().getReplicas())
          .isEqualTo(5);
      SparkClusterStatus status = harness.get("team-b", "etl").getStatus();
      assertThat(status.getWorkers().getDesired()).isEqualTo(5);
      assertThat(status.getWorkers().getReady()).isEqualTo(5);
      assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    });
    assertThat(harness.events("team-b", "etl")).extracting(Event::getReason).contains("WorkersScaled");

    edit("team-b", "etl", c -> c.getSpec().getWorkers().setReplicas(0));
    eventually().untilAsserted(() -> {
      assertThat(bay.apps().deployments().inNamespace("team-b").withName("etl-worker").get().getSpec().getReplicas())
          .isZero();
      assertThat(harness.get("team-b", "etl").getStatus().condition("WorkersReady").orElseThrow().getMessage())
          .startsWith("0/0 workers ready");
    });

    edit("team-b", "etl", c -> c.getSpec().setImage("apache/spark:3.5.4"));
    eventually().untilAsserted(() -> {
      assertThat(bay.apps().deployments().inNamespace("team-b").withName("etl-worker").get().getSpec().getTemplate()
          .getSpec().getContainers().get(0).getImage()).isEqualTo("apache/spark:3.5.4");
      Pod master = bay.pods().inNamespace("team-b").withName("etl-master").get();
      assertThat(master).isNotNull();
      assertThat(master.getSpec().getContainers().get(0).getImage()).isEqualTo("apache/spark:3.5.4");
    });

    edit("team-b", "etl", c -> c.getSpec().getSparkConf().put("spark.executor.memory", "2g"));
    eventually().untilAsserted(() -> {
      ConfigMap conf = bay.configMaps().inNamespace("team-b").withName("etl-spark-defaults").get();
      assertThat(conf.getData().values()).anySatisfy(text -> assertThat(text).contains("spark.executor.memory=2g"));
    });

    edit("team-b", "etl", c -> c.getSpec().getMaster().setServiceType(io.sparkmagnum.api.v1alpha1.ServiceType.LoadBalancer));
    eventually().untilAsserted(() -> {
      assertThat(bay.services().inNamespace("team-b").withName("etl-master").get().getSpec().getType())
          .isEqualTo("LoadBalancer");
      assertThat(harness.get("team-b", "etl").getStatus().getMaster().getExternalUrl())
          .isEqualTo("spark://203.0.113.10:7077");
    });

    edit("team-b", "etl", c -> c.getSpec().getDriver().setEnabled(true));
    eventually().until(() -> bay.pods().inNamespace("team-b").withName("etl-driver").get() != null);
    edit("team-b", "etl", c -> c.getSpec().getDriver().setEnabled(false));
    eventually().until(() -> bay.pods().inNamespace("team-b").withName("etl-driver").get() == null);

    edit("team-b", "etl", c -> c.getSpec().getBay().setNodeCount(3));
    eventually().untilAsserted(() -> {
      SparkClusterStatus status = harness.get("team-b", "etl").getStatus();
      assertThat(status.getBay().getNodeCount()).isEqualTo(3);
      assertThat(status.getBay().getStatus()).isEqualTo("UPDATE_COMPLETE");
      assertThat(status.condition("Ready").orElseThrow().getStatus()).isEqualTo("True");
    });
    assertThat(harness.events("team-b", "etl")).extracting(Event::getReason).contains("BayResizing");
    SparkCluster last = harness.get("team-b", "etl");
    assertThat(last.getStatus().getObservedGeneration()).isEqualTo(last.getMetadata().getGeneration());
  }
}
