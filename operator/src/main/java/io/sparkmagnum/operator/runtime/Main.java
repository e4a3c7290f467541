package io.sparkmagnum.operator.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkmagnum.operator.metrics.BayProvisioningMetrics;
import io.sparkmagnum.operator.metrics.ClusterPhaseMetrics;
import io.sparkmagnum.operator.openstack.OpenStackClouds;
import io.sparkmagnum.operator.openstack.OpenStackSettings;
import io.sparkmagnum.operator.reconciler.SparkClusterReconciler;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the operator: reads the settings from the environment (a bad one ends the process
 * with status 2 and one line on standard error), starts the operator with its endpoints, and stops
 * it gracefully on SIGTERM.
 */
public final class Main {
  /** Exit status for settings the operator cannot use. */
  static final int EXIT_INVALID_SETTINGS = 2;
  /** Exit status for an operator that could not start. */
  static final int EXIT_START_FAILED = 1;
  /** Threads of the common fork-join pool at the least (see {@link #applyJvmDefaults}). */
  static final int MIN_COMMON_POOL_PARALLELISM = 4;

  private Main() {}

  public static void main(String[] args) {
    applyJvmDefaults();
    Settings settings;
    try {
      settings = Settings.fromEnvironment(System.getenv());
    } catch (InvalidSettingException e) {
      // before any logging: the message alone, no stack trace, no logger output mixed in
      System.err.println(e.getMessage());
      System.exit(EXIT_INVALID_SETTINGS);
      return;
    }
    LogConfiguration.apply(settings.logFormat());
    Logger log = LoggerFactory.getLogger(Main.class);
    String version = Main.class.getPackage().getImplementationVersion();
    log.info("spark-magnum-operator {} starting: {}", version == null ? "(development build)" : version, settings);

    RuntimeMetrics metrics = new RuntimeMetrics();
    KubernetesClient client = kubernetesClient();
    OperatorRuntime runtime = new OperatorRuntime(settings, client, metrics);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM: let running reconciliations finish, then stop the endpoints
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  metrics.close();
                  stopped.countDown();
                },
                "shutdown"));
    try {
      registerControllers(runtime, settings, metrics.registry());
      runtime.start();
      log.info("spark-magnum-operator started");
    } catch (Exception e) {
      log.error("spark-magnum-operator could not start: {}", causes(e), e);
      System.exit(EXIT_START_FAILED);
    }
    try {
      stopped.await(); // the process lives until SIGTERM's shutdown hook has stopped everything
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * JVM settings the operator needs to scale, applied unless given on the command line (the JDK reads each
   * once, so this runs before anything else):
   * <ul>
   *   <li>The common fork-join pool gets at least {@value #MIN_COMMON_POOL_PARALLELISM} threads. With fewer
   *       than two (one or two CPUs, as in a pod with a small CPU limit) CompletableFuture's default executor
   *       starts a new thread per task, and the JDK HTTP client, which every Kubernetes client of the operator
   *       uses, completes every response that way: a thousand bays cost hundreds of new threads a second.</li>
   *   <li>The JDK HTTP client's buffers are sized for many idle watches: each bay holds a watch (a WebSocket, a
   *       connection of its own) per kind of Spark object, and the JDK gives every connection a 16 KiB read
   *       buffer and every WebSocket two 16 KiB buffers for sending, which a watch never does. With a thousand
   *       bays that was over 200 MiB of heap. Idle pooled connections are closed after a minute instead of 20:
   *       a bay is asked something every few minutes at most once it runs.</li>
   * </ul>
   */
  static void applyJvmDefaults() {
    Map.of(
        "java.util.concurrent.ForkJoinPool.common.parallelism",
        Integer.toString(Math.max(MIN_COMMON_POOL_PARALLELISM, Runtime.getRuntime().availableProcessors())),
        "jdk.httpclient.bufsize", "4096",
        "jdk.httpclient.websocket.writeBufferSize", "1024",
        "jdk.httpclient.websocket.intermediateBufferSize", "1024",
        "jdk.httpclient.keepalive.timeout", "60")
        .forEach((property, value) -> {
          if (System.getProperty(property) == null) {
            System.setProperty(property, value);
          }
        });
  }

  /**
   * The fabric8 defaults (in-cluster service account, KUBECONFIG, ~/.kube/config) with the SDK's
   * higher limit of concurrent requests: every watched namespace holds open watches.
   */
  static KubernetesClient kubernetesClient() {
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withMaxConcurrentRequests(ConfigurationService.DEFAULT_MAX_CONCURRENT_REQUEST)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The messages of an exception and its causes, e.g. "Error starting operator: No Controller exists". */
  static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable cause = e; cause != null && depth++ < 10; cause = cause.getCause()) {
      String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(text.length() == 0 ? "" : ": ").append(message);
      }
    }
    return text.toString();
  }

  /**
   * Registers the SparkCluster controller on the runtime (before it starts), with the settings every
   * controller shares. The tests and the embedded demo call this too, so that they run what ships.
   */
  public static SparkClusterReconciler registerControllers(
      OperatorRuntime runtime, Settings settings, MeterRegistry registry) {
    return registerControllers(runtime, settings, registry, OpenStackSettings.defaults());
  }

  /** As {@link #registerControllers(OperatorRuntime, Settings, MeterRegistry)}, e.g. with shorter OpenStack timeouts. */
  public static SparkClusterReconciler registerControllers(
      OperatorRuntime runtime, Settings settings, MeterRegistry registry, OpenStackSettings openStack) {
    var reconciler = new SparkClusterReconciler(
        runtime.operator().getKubernetesClient(),
        new OpenStackClouds(openStack, registry),
        settings.magnumPollInterval(),
        new ClusterPhaseMetrics(registry),
        new BayProvisioningMetrics(registry),
        Clock.systemUTC());
    runtime.register(reconciler);
    return reconciler;
  }
}
