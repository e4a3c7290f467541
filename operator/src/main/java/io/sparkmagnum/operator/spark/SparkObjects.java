package io.sparkmagnum.operator.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure builders of the desired Spark objects of a SparkCluster inside its bay: no client, no I/O.
 *
 * <p>The pods run the official apache/spark image layout ({@code /opt/spark}, user 185) under the Pod Security
 * Standard "restricted", with a read-only root filesystem and emptyDirs where Spark writes. Service links are
 * off: a Service named {@code spark-master} (a SparkCluster named "spark") would otherwise inject
 * {@code SPARK_MASTER_PORT=tcp://...} into every pod of the namespace, which the Master parses as its port (the
 * master container sets SPARK_MASTER_PORT itself as well).
 *
 * <p>Use: {@link #validate} from the spec validator, then {@link #desired} for the objects to converge to.
 */
public final class SparkObjects {
  /**
   * Annotation on the master pod, the driver pod and the worker pod template: a hash of the pod spec and of the
   * spark-defaults the pod reads. Pods are replaced when it differs (ConfigMap content does not show in a pod
   * spec; on the Deployment's template it makes a rollout).
   */
  public static final String DESIRED_HASH_ANNOTATION = "sparkmagnum.io/desired-hash";

  public static final String POD_SECURITY_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

  /** The uid and gid of user "spark" in the apache/spark image. */
  public static final long SPARK_UID = 185L;

  public static final String SPARK_CLASS = "/opt/spark/bin/spark-class";
  public static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
  public static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";

  /** Where the spark-defaults ConfigMap is mounted; SPARK_CONF_DIR points there. */
  public static final String CONF_DIR = "/opt/spark/conf";
  /** The workers' SPARK_WORKER_DIR: application jars, executor logs and scratch. */
  public static final String WORKER_DIR = "/opt/spark/work";
  /** The image's working directory, writable in the driver pod and its HOME, for shells and their history. */
  public static final String DRIVER_WORK_DIR = "/opt/spark/work-dir";
  public static final String TMP_DIR = "/tmp";

  private static final String CONF_VOLUME = "spark-conf";
  private static final String TMP_VOLUME = "tmp";
  private static final String WORK_VOLUME = "work";

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SparkObjects() {}

  /**
   * Everything of a SparkCluster that these builders cannot express in the bay: a name unusable for its objects,
   * sparkConf entries that are no Spark property or that try to break out of spark-defaults.conf.
   *
   * @return human-readable errors for the spec validator, empty when {@link #desired} accepts the cluster
   */
  public static List<String> validate(SparkCluster cluster) {
    List<String> errors = new ArrayList<>(SparkNames.validateClusterName(cluster.getMetadata().getName()));
    errors.addAll(SparkDefaults.validate(cluster.getSpec().getSparkConf()));
    return errors;
  }

  /**
   * The desired Spark objects of a SparkCluster.
   *
   * @throws IllegalArgumentException when {@link #validate} reports errors
   */
  public static DesiredSparkObjects desired(SparkCluster cluster) {
    List<String> errors = validate(cluster);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    String sparkDefaults = SparkDefaults.render(cluster.getSpec().getSparkConf(), SparkNames.masterUrl(cluster));
    return new DesiredSparkObjects(
        namespace(cluster),
        sparkDefaultsConfigMap(cluster, sparkDefaults),
        masterPod(cluster, sparkDefaults),
        masterService(cluster),
        workerDeployment(cluster, sparkDefaults),
        cluster.getSpec().getDriver().getEnabled()
            ? Optional.of(driverPod(cluster, sparkDefaults))
            : Optional.empty());
  }

  private static Namespace namespace(SparkCluster cluster) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(SparkNames.namespace(cluster))
        .addToLabels(SparkLabels.MANAGED_BY, SparkLabels.MANAGER)
        .addToLabels(POD_SECURITY_ENFORCE_LABEL, "restricted")
        .endMetadata()
        .build();
  }

  private static ConfigMap sparkDefaultsConfigMap(SparkCluster cluster, String sparkDefaults) {
    return new ConfigMapBuilder()
        .withMetadata(metadata(cluster, SparkNames.sparkDefaultsConfigMap(cluster), SparkLabels.instance(name(cluster))))
        .addToData(SparkDefaults.FILE_NAME, sparkDefaults)
        .build();
  }

  private static Pod masterPod(SparkCluster cluster, String sparkDefaults) {
    SparkClusterSpec spec = cluster.getSpec();
    Container master = sparkContainer("master", spec.getImage(), spec.getMaster().getResources())
        .withCommand(SPARK_CLASS, MASTER_CLASS)
        .addToEnv(
            env("SPARK_MASTER_PORT", SparkNames.MASTER_PORT),
            env("SPARK_MASTER_WEBUI_PORT", SparkNames.MASTER_UI_PORT))
        .withPorts(
            port(SparkNames.MASTER_PORT_NAME, SparkNames.MASTER_PORT),
            port(SparkNames.UI_PORT_NAME, SparkNames.MASTER_UI_PORT))
        .withReadinessProbe(uiProbe())
        .build();
    PodSpec podSpec = podSpec(master, List.of(confVolume(cluster), emptyDir(TMP_VOLUME)));
    return new PodBuilder()
        .withMetadata(podMetadata(cluster, SparkNames.masterPod(cluster), SparkComponent.MASTER, podSpec, sparkDefaults))
        .withSpec(podSpec)
        .build();
  }

  private static Service masterService(SparkCluster cluster) {
    return new ServiceBuilder()
        .withMetadata(metadata(cluster, SparkNames.masterService(cluster),
            SparkLabels.component(name(cluster), SparkComponent.MASTER)))
        .withNewSpec()
        .withType(cluster.getSpec().getMaster().getServiceType().name())
        .withSelector(SparkLabels.selector(name(cluster), SparkComponent.MASTER))
        .withPorts(
            new ServicePortBuilder()
                .withName(SparkNames.MASTER_PORT_NAME)
                .withProtocol("TCP")
                .withPort(SparkNames.MASTER_PORT)
                .withTargetPort(new IntOrString(SparkNames.MASTER_PORT_NAME))
                .build(),
            new ServicePortBuilder()
                .withName(SparkNames.UI_PORT_NAME)
                .withProtocol("TCP")
                .withPort(SparkNames.MASTER_UI_PORT)
                .withTargetPort(new IntOrString(SparkNames.UI_PORT_NAME))
                .build())
        .endSpec()
        .build();
  }

  private static Deployment workerDeployment(SparkCluster cluster, String sparkDefaults) {
    SparkClusterSpec spec = cluster.getSpec();
    Container worker = sparkContainer("worker", spec.getImage(), spec.getWorkers().getResources())
        .withCommand(SPARK_CLASS, WORKER_CLASS)
        .withArgs(SparkNames.masterUrl(cluster))
        .addToEnv(
            env("SPARK_WORKER_CORES", spec.getWorkers().getCores()),
            env("SPARK_WORKER_MEMORY", spec.getWorkers().getMemory()),
            env("SPARK_WORKER_WEBUI_PORT", SparkNames.WORKER_UI_PORT),
            env("SPARK_WORKER_DIR", WORKER_DIR))
        .addToVolumeMounts(mount(WORK_VOLUME, WORKER_DIR))
        .withPorts(port(SparkNames.UI_PORT_NAME, SparkNames.WORKER_UI_PORT))
        .withReadinessProbe(uiProbe())
        .build();
    PodSpec podSpec = podSpec(worker, List.of(confVolume(cluster), emptyDir(TMP_VOLUME), emptyDir(WORK_VOLUME)));
    return new DeploymentBuilder()
        .withMetadata(metadata(cluster, SparkNames.workerDeployment(cluster),
            SparkLabels.component(name(cluster), SparkComponent.WORKER)))
        .withNewSpec()
        .withReplicas(spec.getWorkers().getReplicas())
        .withNewSelector()
        .withMatchLabels(SparkLabels.selector(name(cluster), SparkComponent.WORKER))
        .endSelector()
        .withNewTemplate()
        .withMetadata(new ObjectMetaBuilder()
            .withLabels(SparkLabels.component(name(cluster), SparkComponent.WORKER))
            .addToAnnotations(DESIRED_HASH_ANNOTATION, desiredHash(podSpec, sparkDefaults))
            .build())
        .withSpec(podSpec)
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Pod driverPod(SparkCluster cluster, String sparkDefaults) {
    Container driver = sparkContainer("driver", cluster.getSpec().getImage(), null)
        // idles until someone runs pyspark, spark-shell or spark-submit in it; exits at once on SIGTERM
        .withCommand("/bin/bash", "-c", "trap 'exit 0' TERM INT; sleep infinity & wait")
        .addToEnv(env("HOME", DRIVER_WORK_DIR))
        .addToVolumeMounts(mount(WORK_VOLUME, DRIVER_WORK_DIR))
        .withPorts(port("ui", SparkNames.DRIVER_UI_PORT))
        // no readiness probe: nothing listens until someone starts an application in the pod
        .build();
    PodSpec podSpec = podSpec(driver, List.of(confVolume(cluster), emptyDir(TMP_VOLUME), emptyDir(WORK_VOLUME)));
    return new PodBuilder()
        .withMetadata(podMetadata(cluster, SparkNames.driverPod(cluster), SparkComponent.DRIVER, podSpec, sparkDefaults))
        .withSpec(podSpec)
        .build();
  }

  /** A container of the image with what every Spark container shares: conf, /tmp, security context. */
  private static ContainerBuilder sparkContainer(String name, String image, ResourceRequirements resources) {
    ContainerBuilder container = new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .addToEnv(env("SPARK_CONF_DIR", CONF_DIR))
        .addToVolumeMounts(
            new VolumeMountBuilder().withName(CONF_VOLUME).withMountPath(CONF_DIR).withReadOnly(true).build(),
            mount(TMP_VOLUME, TMP_DIR))
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withPrivileged(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext();
    if (resources != null) {
      container.withResources(resources);
    }
    return container;
  }

  private static PodSpec podSpec(Container container, List<Volume> volumes) {
    return new PodSpecBuilder()
        .withEnableServiceLinks(false)
        // Spark standalone never talks to the Kubernetes API
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(SPARK_UID)
        .withRunAsGroup(SPARK_UID)
        .withFsGroup(SPARK_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container)
        .withVolumes(volumes)
        .build();
  }

  private static Probe uiProbe() {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/")
        .withPort(new IntOrString(SparkNames.UI_PORT_NAME))
        .endHttpGet()
        .withInitialDelaySeconds(5)
        .withPeriodSeconds(10)
        .withTimeoutSeconds(5)
        .withFailureThreshold(3)
        .build();
  }

  private static Volume confVolume(SparkCluster cluster) {
    return new VolumeBuilder()
        .withName(CONF_VOLUME)
        .withNewConfigMap()
        .withName(SparkNames.sparkDefaultsConfigMap(cluster))
        .endConfigMap()
        .build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static VolumeMount mount(String volume, String path) {
    return new VolumeMountBuilder().withName(volume).withMountPath(path).build();
  }

  private static ContainerPort port(String name, int port) {
    return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar env(String name, int value) {
    return env(name, String.valueOf(value));
  }

  private static ObjectMeta metadata(SparkCluster cluster, String name, Map<String, String> labels) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(SparkNames.namespace(cluster))
        .withLabels(labels)
        .build();
  }

  private static ObjectMeta podMetadata(
      SparkCluster cluster, String name, SparkComponent component, PodSpec podSpec, String sparkDefaults) {
    return new ObjectMetaBuilder(metadata(cluster, name, SparkLabels.component(name(cluster), component)))
        .addToAnnotations(DESIRED_HASH_ANNOTATION, desiredHash(podSpec, sparkDefaults))
        .build();
  }

  private static String desiredHash(PodSpec podSpec, String sparkDefaults) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(SERIALIZATION.asJson(podSpec).getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(sparkDefaults.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static String name(SparkCluster cluster) {
    return cluster.getMetadata().getName();
  }
}
