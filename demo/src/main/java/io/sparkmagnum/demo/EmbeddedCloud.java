package io.sparkmagnum.demo;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkmagnum.operator.runtime.Main;
import io.sparkmagnum.operator.runtime.OperatorRuntime;
import io.sparkmagnum.operator.runtime.RuntimeMetrics;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.testkit.KubeApi;
import io.sparkmagnum.testkit.NodeSimulator;
import io.sparkmagnum.testkit.SparkMasterSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Everything the walkthrough needs, in this process on loopback: the management cluster's API, one
 * Kubernetes API that every bay's api_address points at (with a node simulator that makes pods
 * Ready and Spark masters that have the ready workers registered), the Keystone + Magnum simulator,
 * and the real operator, started as its Main starts it.
 */
final class EmbeddedCloud implements AutoCloseable {
  /** Slow enough that a person sees the bay build; fast enough for the test suite. */
  static final Duration BAY_CREATE = Duration.ofSeconds(4);
  static final Duration BAY_UPDATE = Duration.ofSeconds(2);
  static final Duration BAY_DELETE = Duration.ofSeconds(3);
  /** The time a simulated kubelet takes to start a container and pass its readiness probe. */
  static final Duration POD_STARTUP = Duration.ofSeconds(1);
  /** Instead of the default 15 s: the status follows Magnum closely. */
  static final String MAGNUM_POLL_INTERVAL = "1s";
  /** The User-Agent of the operator's requests to the management API. */
  static final String OPERATOR_USER_AGENT = "spark-magnum-operator";

  final KubeApi management;
  final KubeApi bay;
  final NodeSimulator nodes;
  final SparkMasterSimulator sparkMasters;
  final OpenStackSimulator openstack;
  private RuntimeMetrics metrics;
  private OperatorRuntime operator;

  private EmbeddedCloud(UnaryOperator<OpenStackSimulator.Builder> openstackSetup) {
    this.management = new KubeApi();
    this.bay = new KubeApi();
    this.nodes = new NodeSimulator(bay.client(), POD_STARTUP);
    this.sparkMasters = new SparkMasterSimulator(bay);
    this.openstack = openstackSetup.apply(OpenStackSimulator.builder()
        .demoSeed()
        .operationDurations(BAY_CREATE, BAY_UPDATE, BAY_DELETE)
        .apiAddress(cluster -> bay.url()))
        .start();
  }

  /** The APIs and the simulator, the operator not yet. */
  static EmbeddedCloud start(UnaryOperator<OpenStackSimulator.Builder> openstackSetup) {
    return new EmbeddedCloud(openstackSetup);
  }

  /** Installs the committed CRD in the management API, as {@code kubectl apply -f crd/} would. */
  void installCrd(Path crd) {
    management.withCrd(crd);
  }

  /**
   * Starts the operator exactly as {@link Main} does (settings from an environment, the runtime, the
   * registered controllers); only the environment is the demo's.
   */
  void startOperator() {
    Settings settings = Settings.fromEnvironment(Map.of(
        Settings.METRICS_PORT, String.valueOf(freePort()),
        Settings.MAGNUM_POLL_INTERVAL, MAGNUM_POLL_INTERVAL));
    metrics = new RuntimeMetrics();
    operator = new OperatorRuntime(settings, management.newClient(OPERATOR_USER_AGENT), metrics);
    Main.registerControllers(operator, settings, metrics.registry());
    try {
      operator.start();
    } catch (IOException e) {
      throw new UncheckedIOException("the operator could not serve its endpoints", e);
    }
  }

  int operatorEndpointsPort() {
    return operator.endpointsPort();
  }

  /** The client a user of the management cluster has (kubectl's part in the walkthrough). */
  KubernetesClient user() {
    return management.client();
  }

  /** Forgets the requests the embedded APIs recorded, so that a long-running demo does not fill its memory. */
  void forgetRequests() {
    management.resetRequests();
    bay.resetRequests();
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
    if (operator != null) {
      operator.close();
      metrics.close();
    }
    sparkMasters.close();
    nodes.close();
    openstack.close();
    bay.close();
    management.close();
  }
}
