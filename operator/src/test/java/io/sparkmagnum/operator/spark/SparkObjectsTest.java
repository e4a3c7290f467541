package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.sparkmagnum.api.v1alpha1.ServiceType;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SparkObjectsTest {

  private static SparkCluster withDriver() {
    SparkCluster cluster = SparkClusters.named("analytics", "team-a");
    cluster.getSpec().getDriver().setEnabled(true);
    return cluster;
  }

  /** The three pod specs: master, worker template, driver. */
  private static Map<String, PodSpec> podSpecs(DesiredSparkObjects desired) {
    return Map.of(
        "master", desired.master().getSpec(),
        "worker", desired.workers().getSpec().getTemplate().getSpec(),
        "driver", desired.driver().orElseThrow().getSpec());
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void everyPodPassesThePodSecurityStandardRestricted() {
    podSpecs(SparkObjects.desired(withDriver())).forEach((pod, spec) ->
        assertThat(RestrictedPodSecurity.violations(spec)).as(pod).isEmpty());
  }

  @Test
  void securityContextIsRestrictedFieldByField() {
    podSpecs(SparkObjects.desired(withDriver())).forEach((pod, spec) -> {
      assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(pod).isTrue();
      assertThat(spec.getSecurityContext().getRunAsUser()).as(pod).isEqualTo(185L);
      assertThat(spec.getSecurityContext().getRunAsGroup()).as(pod).isEqualTo(185L);
      assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as(pod).isEqualTo("RuntimeDefault");
      assertThat(spec.getHostNetwork()).as(pod).isNull();
      assertThat(spec.getHostPID()).as(pod).isNull();
      assertThat(spec.getHostIPC()).as(pod).isNull();
      assertThat(spec.getContainers()).as(pod).hasSize(1);
      SecurityContext container = spec.getContainers().get(0).getSecurityContext();
      assertThat(container.getAllowPrivilegeEscalation()).as(pod).isFalse();
      assertThat(container.getPrivileged()).as(pod).isFalse();
      assertThat(container.getRunAsNonRoot()).as(pod).isTrue();
      assertThat(container.getReadOnlyRootFilesystem()).as(pod).isTrue();
      assertThat(container.getCapabilities().getDrop()).as(pod).containsExactly("ALL");
      assertThat(container.getCapabilities().getAdd()).as(pod).isEmpty();
    });
  }

  @Test
  void theRestrictedCheckerRejectsWhatItShould() {
    PodSpec master = SparkObjects.desired(withDriver()).master().getSpec();
    master.getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null);
    master.getSecurityContext().setRunAsNonRoot(null);
    master.getContainers().get(0).getSecurityContext().setRunAsNonRoot(null);
    master.getSecurityContext().getSeccompProfile().setType("Unconfined");
    assertThat(RestrictedPodSecurity.violations(master)).containsExactlyInAnyOrder(
        "pod seccomp profile Unconfined",
        "container master: allowPrivilegeEscalation is not false",
        "container master: runAsNonRoot is not true",
        "container master: seccomp profile is neither RuntimeDefault nor Localhost");
  }

  @Test
  void serviceLinksAndServiceAccountTokensAreOff() {
    podSpecs(SparkObjects.desired(withDriver())).forEach((pod, spec) -> {
      assertThat(spec.getEnableServiceLinks()).as(pod).isFalse();
      assertThat(spec.getAutomountServiceAccountToken()).as(pod).isFalse();
    });
  }

  @Test
  void writableDirectoriesAreEmptyDirsBecauseTheRootFilesystemIsReadOnly() {
    DesiredSparkObjects desired = SparkObjects.desired(withDriver());
    podSpecs(desired).forEach((pod, spec) -> {
      Map<String, Volume> volumes = spec.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
      Map<String, VolumeMount> mounts = spec.getContainers().get(0).getVolumeMounts().stream()
          .collect(Collectors.toMap(VolumeMount::getMountPath, m -> m));
      assertThat(volumes.get(mounts.get("/tmp").getName()).getEmptyDir()).as(pod).isNotNull();
      VolumeMount conf = mounts.get(SparkObjects.CONF_DIR);
      assertThat(conf.getReadOnly()).as(pod).isTrue();
      assertThat(volumes.get(conf.getName()).getConfigMap().getName()).as(pod)
          .isEqualTo(desired.sparkDefaults().getMetadata().getName());
      assertThat(env(spec.getContainers().get(0))).as(pod).containsEntry("SPARK_CONF_DIR", SparkObjects.CONF_DIR);
    });
    PodSpec worker = desired.workers().getSpec().getTemplate().getSpec();
    String workerDir = env(worker.getContainers().get(0)).get("SPARK_WORKER_DIR");
    VolumeMount workMount = worker.getContainers().get(0).getVolumeMounts().stream()
        .filter(mount -> mount.getMountPath().equals(workerDir)).findFirst().orElseThrow();
    assertThat(worker.getVolumes()).anyMatch(v -> v.getName().equals(workMount.getName()) && v.getEmptyDir() != null);
    PodSpec driver = desired.driver().orElseThrow().getSpec();
    assertThat(driver.getContainers().get(0).getVolumeMounts())
        .anyMatch(mount -> mount.getMountPath().equals(env(driver.getContainers().get(0)).get("HOME")));
  }

  @Test
  void everyObjectCarriesTheLabelsOfItsComponent() {
    DesiredSparkObjects desired = SparkObjects.desired(withDriver());
    Map<String, String> instance = Map.of(
        "app.kubernetes.io/name", "spark",
        "app.kubernetes.io/instance", "analytics",
        "app.kubernetes.io/managed-by", "spark-magnum-operator");
    assertThat(desired.sparkDefaults().getMetadata().getLabels()).containsExactlyInAnyOrderEntriesOf(instance);
    assertLabels(desired.master(), instance, "master");
    assertLabels(desired.masterService(), instance, "master");
    assertLabels(desired.workers(), instance, "worker");
    assertThat(desired.workers().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(instance).containsEntry("app.kubernetes.io/component", "worker");
    assertLabels(desired.driver().orElseThrow(), instance, "driver");
    assertThat(desired.namespace().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "spark-magnum-operator")
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    for (HasMetadata object : desired.namespaced()) {
      assertThat(object.getMetadata().getNamespace()).as(object.getKind()).isEqualTo("team-a");
    }
  }

  private static void assertLabels(HasMetadata object, Map<String, String> instance, String component) {
    assertThat(object.getMetadata().getLabels()).as(object.getKind() + " " + object.getMetadata().getName())
        .containsAllEntriesOf(instance)
        .containsEntry("app.kubernetes.io/component", component)
        .hasSize(4);
  }

  @Test
  void selectorsPickExactlyTheirComponentsPods() {
    DesiredSparkObjects desired = SparkObjects.desired(withDriver());
    Map<String, String> serviceSelector = desired.masterService().getSpec().getSelector();
    Map<String, String> workerSelector = desired.workers().getSpec().getSelector().getMatchLabels();
    Map<String, String> masterLabels = desired.master().getMetadata().getLabels();
    Map<String, String> workerLabels = desired.workers().getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> driverLabels = desired.driver().orElseThrow().getMetadata().getLabels();

    assertThat(serviceSelector).containsExactlyInAnyOrderEntriesOf(Map.of(
        "app.kubernetes.io/name", "spark",
        "app.kubernetes.io/instance", "analytics",
        "app.kubernetes.io/component", "master"));
    assertThat(masterLabels).containsAllEntriesOf(serviceSelector);
    assertThat(workerLabels).containsAllEntriesOf(workerSelector);
    assertThat(workerSelector).containsEntry("app.kubernetes.io/component", "worker")
        .containsEntry("app.kubernetes.io/instance", "analytics");
    assertThat(selects(serviceSelector, workerLabels)).isFalse();
    assertThat(selects(serviceSelector, driverLabels)).isFalse();
    assertThat(selects(workerSelector, masterLabels)).isFalse();
    assertThat(selects(workerSelector, driverLabels)).isFalse();

    Map<String, String> otherClusterMaster = SparkObjects.desired(SparkClusters.named("other", "team-a"))
        .master().getMetadata().getLabels();
    assertThat(selects(serviceSelector, otherClusterMaster)).isFalse();
  }

  private static boolean selects(Map<String, String> selector, Map<String, String> labels) {
    return labels.entrySet().containsAll(selector.entrySet());
  }

  @Test
  void masterListensOnItsPortsWithAReadinessProbeOnTheUi() {
    DesiredSparkObjects desired = SparkObjects.desired(withDriver());
    Container master = desired.master().getSpec().getContainers().get(0);
    assertThat(master.getCommand()).containsExactly(
        "/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master");
    assertThat(master.getArgs()).isEmpty();
    assertThat(env(master)).containsEntry("SPARK_MASTER_PORT", "7077").containsEntry("SPARK_MASTER_WEBUI_PORT", "8080");
    assertThat(master.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("spark=7077", "http=8080");
    assertThat(master.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");

    List<ServicePort> ports = desired.masterService().getSpec().getPorts();
    assertThat(ports).extracting(p -> p.getName() + "=" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("spark=7077->spark", "http=8080->http");
    assertThat(desired.masterService().getSpec().getType()).isEqualTo("ClusterIP");
  }

  @Test
  void serviceTypeComesFromTheSpec() {
    for (ServiceType type : ServiceType.values()) {
      SparkCluster cluster = SparkClusters.named("analytics", "team-a");
      cluster.getSpec().getMaster().setServiceType(type);
      assertThat(SparkObjects.desired(cluster).masterService().getSpec().getType()).isEqualTo(type.name());
    }
  }

  @Test
  void workersConnectToTheMasterServiceWithTheirCoresAndMemory() {
    SparkCluster cluster = SparkClusters.named("analytics", "team-a");
    cluster.getSpec().getWorkers().setReplicas(5);
    cluster.getSpec().getWorkers().setCores(3);
    cluster.getSpec().getWorkers().setMemory("6g");
    cluster.getSpec().getWorkers().setResources(new ResourceRequirementsBuilder()
        .addToLimits("memory", new Quantity("8Gi")).build());
    DesiredSparkObjects desired = SparkObjects.desired(cluster);

    assertThat(desired.workers().getSpec().getReplicas()).isEqualTo(5);
    Container worker = desired.workers().getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(worker.getCommand()).containsExactly(
        "/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker");
    assertThat(worker.getArgs()).containsExactly("spark://analytics-master.team-a.svc:7077");
    assertThat(env(worker))
        .containsEntry("SPARK_WORKER_CORES", "3")
        .containsEntry("SPARK_WORKER_MEMORY", "6g")
        .containsEntry("SPARK_WORKER_WEBUI_PORT", "8081");
    assertThat(worker.getResources().getLimits()).containsEntry("memory", new Quantity("8Gi"));
    assertThat(worker.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(worker.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort()).containsExactly("http=8081");
  }

  @Test
  void zeroWorkersKeepTheDeploymentAtZeroReplicas() {
    SparkCluster cluster = SparkClusters.named("idle", "default");
    cluster.getSpec().getWorkers().setReplicas(0);
    assertThat(SparkObjects.desired(cluster).workers().getSpec().getReplicas()).isZero();
  }

  @Test
  void masterResourcesComeFromTheSpecAndAreAbsentOtherwise() {
    SparkCluster cluster = SparkClusters.named("analytics", "team-a");
    assertThat(SparkObjects.desired(cluster).master().getSpec().getContainers().get(0).getResources()).isNull();
    cluster.getSpec().getMaster().setResources(new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("250m")).build());
    assertThat(SparkObjects.desired(cluster).master().getSpec().getContainers().get(0).getResources().getRequests())
        .containsExactly(Map.entry("cpu", new Quantity("250m")));
  }

  @Test
  void driverExistsOnlyWhenEnabled() {
    SparkCluster cluster = SparkClusters.named("analytics", "team-a");
    DesiredSparkObjects withoutDriver = SparkObjects.desired(cluster);
    assertThat(withoutDriver.driver()).isEmpty();
    assertThat(withoutDriver.namespaced()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly("ConfigMap/analytics-spark-defaults", "Service/analytics-master", "Pod/analytics-master",
            "Deployment/analytics-worker");

    DesiredSparkObjects withDriver = SparkObjects.desired(withDriver());
    assertThat(withDriver.driver()).get().extracting(p -> p.getMetadata().getName()).isEqualTo("analytics-driver");
    assertThat(withDriver.namespaced()).last().isSameAs(withDriver.driver().orElseThrow());
  }

  @Test
  void theDriverIdlesAndGetsTheMasterFromSparkDefaults() {
    DesiredSparkObjects desired = SparkObjects.desired(withDriver());
    Container driver = desired.driver().orElseThrow().getSpec().getContainers().get(0);
    assertThat(driver.getCommand()).first().isEqualTo("/bin/bash");
    assertThat(driver.getReadinessProbe()).isNull();
    assertThat(desired.sparkDefaults().getData().get("spark-defaults.conf"))
        .contains("\nspark.master=spark://analytics-master.team-a.svc:7077\n");
  }

  @Test
  void sparkConfIsRenderedOnceIntoTheConfigMap() {
    SparkCluster cluster = withDriver();
    cluster.getSpec().setSparkConf(Map.of("spark.executor.memory", "2g"));
    DesiredSparkObjects desired = SparkObjects.desired(cluster);
    assertThat(desired.sparkDefaults().getData()).containsOnlyKeys("spark-defaults.conf");
    assertThat(desired.sparkDefaults().getData().get("spark-defaults.conf")).contains("\nspark.executor.memory=2g\n");
    podSpecs(desired).forEach((pod, spec) ->
        assertThat(spec.getContainers().get(0).getEnv()).as(pod).noneMatch(e -> e.getValue().contains("2g")));
  }

  @Test
  void theDesiredHashFollowsThePodAndItsSparkDefaultsOnly() {
    SparkCluster cluster = withDriver();
    List<String> before = hashes(SparkObjects.desired(cluster));

    cluster.getSpec().getBay().setNodeCount(7);
    cluster.getSpec().getWorkers().setReplicas(9);
    assertThat(hashes(SparkObjects.desired(cluster))).isEqualTo(before);

    cluster.getSpec().setSparkConf(Map.of("spark.executor.memory", "2g"));
    List<String> afterConf = hashes(SparkObjects.desired(cluster));
    for (int i = 0; i < before.size(); i++) {
      assertThat(afterConf.get(i)).isNotEqualTo(before.get(i));
    }

    cluster.getSpec().getWorkers().setMemory("4g");
    List<String> afterMemory = hashes(SparkObjects.desired(cluster));
    assertThat(afterMemory.get(0)).isEqualTo(afterConf.get(0));
    assertThat(afterMemory.get(1)).isNotEqualTo(afterConf.get(1));
    assertThat(afterMemory.get(2)).isEqualTo(afterConf.get(2));
  }

  private static List<String> hashes(DesiredSparkObjects desired) {
    List<String> hashes = new ArrayList<>();
    hashes.add(desired.master().getMetadata().getAnnotations().get(SparkObjects.DESIRED_HASH_ANNOTATION));
    hashes.add(desired.workers().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(SparkObjects.DESIRED_HASH_ANNOTATION));
    hashes.add(desired.driver().orElseThrow().getMetadata().getAnnotations().get(SparkObjects.DESIRED_HASH_ANNOTATION));
    assertThat(hashes).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
    return hashes;
  }

  @Test
  void theBuildersDoNotShareMutableStateBetweenCalls() {
    SparkCluster cluster = withDriver();
    DesiredSparkObjects first = SparkObjects.desired(cluster);
    first.master().getMetadata().getLabels().put("changed", "yes");
    first.workers().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().clear();
    DesiredSparkObjects second = SparkObjects.desired(cluster);
    assertThat(second.master().getMetadata().getLabels()).doesNotContainKey("changed");
    assertThat(second.workers().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).isNotEmpty();
  }

  @Test
  void anInvalidClusterIsRejectedWithEveryReason() {
    SparkCluster cluster = SparkClusters.named("9lives", "team-a");
    cluster.getSpec().setSparkConf(Map.of("spark.master", "local[*]", "evil\nspark.x", "1"));
    assertThat(SparkObjects.validate(cluster)).hasSize(3)
        .anySatisfy(error -> assertThat(error).contains("metadata.name \"9lives\""))
        .anySatisfy(error -> assertThat(error).contains("\"spark.master\" is set by the operator"))
        .anySatisfy(error -> assertThat(error).contains("\"evil\\u000aspark.x\" is not a Spark property"));
    assertThatThrownBy(() -> SparkObjects.desired(cluster))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9lives")
        .hasMessageContaining("spark.master");
  }

  @Test
  void aValidClusterHasNoErrors() {
    assertThat(SparkObjects.validate(withDriver())).isEmpty();
  }
}
