package io.sparkmagnum.operator.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import io.sparkmagnum.operator.openstack.OpenStackSettings;
import io.sparkmagnum.operator.runtime.Main;
import io.sparkmagnum.operator.runtime.OperatorRuntime;
import io.sparkmagnum.operator.runtime.RuntimeMetrics;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.testkit.KubeApi;
import io.sparkmagnum.testkit.NodeSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The real operator (the runtime and controller registration that Main uses) against an embedded
 * management API, an embedded bay API with a node simulator, and the Keystone + Magnum simulator
 * whose bays all point at the embedded bay API.
 */
public final class OperatorHarness implements AutoCloseable {
  public static final String SECRET = "openstack-credentials";
  public static final Path CRD = Path.of("../crd/sparkclusters.sparkmagnum.io-v1.yml");
  /** The User-Agent of the operator's requests to the management API: the request log tells them from the test's. */
  public static final String OPERATOR_USER_AGENT = "spark-magnum-operator (test harness)";

  public final KubeApi management;
  public final KubeApi bay;
  public final NodeSimulator nodes;
  public final OpenStackSimulator openstack;
  private final Map<String, String> environment;
  private RuntimeMetrics metrics;
  private OperatorRuntime runtime;

  private OperatorHarness(UnaryOperator<OpenStackSimulator.Builder> openstackSetup, Map<String, String> environment) {
    this.management = new KubeApi().withCrd(CRD);
    this.bay = new KubeApi();
    this.nodes = new NodeSimulator(bay.client());
    this.openstack = openstackSetup.apply(OpenStackSimulator.builder()
        .demoSeed()
        .operationDurations(Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofMillis(1500))
        .apiAddress(cluster -> bay.url()))
        .start();
    this.environment = environment;
  }

  /** Everything started, bays taking 1.5 s per operation, Magnum polled every second. */
  public static OperatorHarness start() {
    return start(UnaryOperator.identity(), Map.of());
  }

  public static OperatorHarness start(UnaryOperator<OpenStackSimulator.Builder> openstackSetup, Map<String, String> env) {
    OperatorHarness harness = withoutOperator(openstackSetup, env);
    harness.startOperator();
    return harness;
  }

  /**
   * Everything but the operator, for a test that prepares the APIs first, runs the operator in its own JVM, or
   * gives it other OpenStack settings; {@link #startOperator()} starts it.
   */
  public static OperatorHarness withoutOperator(UnaryOperator<OpenStackSimulator.Builder> openstackSetup,
      Map<String, String> env) {
    return new OperatorHarness(openstackSetup, env);
  }

  /** Starts a (new) operator instance, as a restarted pod would be. */
  public void startOperator() {
    startOperator(OpenStackSettings.defaults());
  }

  /** Starts a (new) operator instance that talks to OpenStack with these settings (e.g. shorter timeouts). */
  public void startOperator(OpenStackSettings openStack) {
    Map<String, String> env = new HashMap<>(Map.of(
        Settings.METRICS_PORT, String.valueOf(freePort()),
        Settings.MAGNUM_POLL_INTERVAL, "1s",
        Settings.RESYNC_INTERVAL, "10m"));
    env.putAll(environment);
    Settings settings = Settings.fromEnvironment(env);
    metrics = new RuntimeMetrics();
    runtime = new OperatorRuntime(settings, management.newClient(OPERATOR_USER_AGENT), metrics);
    Main.registerControllers(runtime, settings, metrics.registry(), openStack);
    try {
      runtime.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void stopOperator() {
    if (runtime != null) {
      runtime.close();
      metrics.close();
      runtime = null;
    }
  }

  public RuntimeMetrics metrics() {
    return metrics;
  }

  public int endpointsPort() {
    return runtime.endpointsPort();
  }

  /** A namespace with the credentials Secret of the simulator's demo user. */
  public void namespaceWithCredentials(String namespace) {
    createNamespace(namespace);
    management.client().secrets().inNamespace(namespace).resource(credentials(namespace, DemoCloud.PASSWORD)).create();
  }

  public void createNamespace(String namespace) {
    management.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
        .endMetadata().build()).create();
  }

  public Secret credentials(String namespace, String password) {
    return new SecretBuilder()
        .withNewMetadata().withName(SECRET).withNamespace(namespace).endMetadata()
        .addToStringData("clouds.yaml", DemoCloud.passwordCloudsYaml(openstack.authUrl(), password))
        .build();
  }

  /** A SparkCluster whose bay is created from the given template, with the test's own tweaks. */
  public static SparkCluster sparkCluster(String namespace, String name, String template) {
    SparkCluster cluster = new SparkCluster();
    cluster.getMetadata().setNamespace(namespace);
    cluster.getMetadata().setName(name);
    SparkClusterSpec spec = new SparkClusterSpec();
    spec.getCloud().setSecretName(SECRET);
    spec.getBay().setTemplate(template);
    cluster.setSpec(spec);
    return cluster;
  }

  public SparkCluster apply(SparkCluster cluster) {
    return management.client().resource(cluster).create();
  }

  public Resource<SparkCluster> resource(String namespace, String name) {
    return management.client().resources(SparkCluster.class).inNamespace(namespace).withName(name);
  }

  public SparkCluster get(String namespace, String name) {
    return resource(namespace, name).get();
  }

  public List<Event> events(String namespace, String name) {
    return management.client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  public KubernetesClient bayClient() {
    return bay.client();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stopOperator();
    nodes.close();
    openstack.close();
    bay.close();
    management.close();
  }
}
