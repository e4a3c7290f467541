package io.sparkmagnum.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process minus its reconciler: a Java Operator SDK {@link Operator} configured from
 * {@link Settings}, the HTTP endpoints, metrics and leader election, started and stopped as one.
 *
 * <p>Use: construct, {@link #register} the reconciler(s), {@link #start()}, and {@link #close()} on
 * shutdown.
 */
public final class OperatorRuntime implements AutoCloseable {
  /** The Lease that replicas compete for when leader election is on. */
  public static final String LEASE_NAME = "spark-magnum-operator";
  /** How long in-flight reconciliations may take to finish on shutdown (the pod's grace is 30s). */
  static final Duration RECONCILIATION_TERMINATION_TIMEOUT = Duration.ofSeconds(20);

  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Settings settings;
  private final RuntimeMetrics metrics;
  private final Operator operator;
  private final Runnable onLostLeadership;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile OperatorEndpoints endpoints;

  /**
   * @param client the client of the management cluster; stopping the runtime closes it
   */
  public OperatorRuntime(Settings settings, KubernetesClient client, RuntimeMetrics metrics) {
    this(settings, client, metrics, OperatorRuntime::haltOnLostLeadership);
  }

  /**
   * @param onLostLeadership what happens when this replica stops leading while it is not shutting
   *     down: another replica may lead already, so this one must stop reconciling at once
   */
  OperatorRuntime(Settings settings, KubernetesClient client, RuntimeMetrics metrics, Runnable onLostLeadership) {
    this.settings = settings;
    this.metrics = metrics;
    this.onLostLeadership = onLostLeadership;
    this.operator = new Operator(overrider -> configure(overrider, client));
    Gauge.builder("sparkmagnum.leader", this, runtime -> runtime.isLeading() ? 1 : 0)
        .description("1 when this replica reconciles (it leads, or leader election is off), else 0")
        .register(metrics.registry());
  }

  private void configure(ConfigurationServiceOverrider overrider, KubernetesClient client) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(true)
        .withMetrics(metrics.operatorSdkMetrics())
        // the fabric8 mock server used by the tests has no server-side apply: ship what is tested
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withUseSSAToPatchPrimaryResource(false)
        // reading CRDs would need a cluster-wide RBAC rule for no benefit
        .checkingCRDAndValidateLocalModel(false)
        .withReconciliationTerminationTimeout(RECONCILIATION_TERMINATION_TIMEOUT);
    settings
        .leaderElectionNamespace()
        .ifPresent(
            namespace -> {
              LeaderElectionConfigurationBuilder leaderElection =
                  LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
                      .withLeaseNamespace(namespace)
                      .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, leader -> {}))
                      // the SDK logs each new leader; exiting is decided in stoppedLeading, since the
                      // SDK's System.exit would hang when the shutdown hook stops the operator
                      .withExitOnStopLeading(false);
              settings.identity().ifPresent(leaderElection::withIdentity);
              overrider.withLeaderElectionConfiguration(leaderElection.build());
            });
  }

  /** The underlying operator, e.g. to reach its configuration service. */
  public Operator operator() {
    return operator;
  }

  /**
   * Registers a reconciler with the settings every controller of this operator shares: the watched
   * namespaces ({@code WATCH_NAMESPACES}, all when unset) and the longest time between two
   * reconciliations of a resource ({@code RESYNC_INTERVAL}). Call before {@link #start()}.
   */
  public <P extends HasMetadata> RegisteredController<P> register(Reconciler<P> reconciler) {
    return operator.register(
        reconciler,
        config -> {
          if (settings.watchesAllNamespaces()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(settings.watchNamespaces());
          }
          config.withReconciliationMaxInterval(settings.resyncInterval());
        });
  }

  /**
   * Serves the endpoints, then starts the operator: waits until its informers have synced and, with
   * leader election, until the election has begun (not until this replica leads).
   *
   * @throws IOException when the metrics port cannot be bound
   * @throws io.javaoperatorsdk.operator.OperatorException when the operator cannot start
   */
  public void start() throws IOException {
    endpoints = OperatorEndpoints.start(settings.metricsPort(), metrics.registry(), this::isLive, this::isReady);
    LOG.info("Serving /metrics, /healthz and /readyz on port {}", endpoints.port());
    if (settings.leaderElectionNamespace().isEmpty()) {
      leading.set(true);
    }
    operator.start();
  }

  /** The port of the endpoints, once started. */
  public int endpointsPort() {
    return endpoints.port();
  }

  /**
   * Liveness: true while starting (a start that fails ends the process anyway), then as long as
   * every informer of every controller is healthy.
   */
  public boolean isLive() {
    RuntimeInfo runtimeInfo = operator.getRuntimeInfo();
    return !runtimeInfo.isStarted() || runtimeInfo.allEventSourcesAreHealthy();
  }

  /**
   * Readiness: started, not stopping, and every informer healthy. A replica standing by for
   * leadership is ready too: its caches are warm and it takes over as soon as it leads.
   */
  public boolean isReady() {
    RuntimeInfo runtimeInfo = operator.getRuntimeInfo();
    return !closing.get() && runtimeInfo.isStarted() && runtimeInfo.allEventSourcesAreHealthy();
  }

  /** Whether this replica reconciles now: it leads, or leader election is off. */
  public boolean isLeading() {
    return leading.get() && !closing.get();
  }

  /** Stops the operator (letting running reconciliations finish), then the endpoints. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Stopping the operator");
    try {
      operator.stop();
    } catch (RuntimeException e) {
      LOG.warn("The operator did not stop cleanly", e);
    } finally {
      if (endpoints != null) {
        endpoints.close();
      }
    }
  }

  private void startedLeading() {
    leading.set(true);
    LOG.info("This replica leads now (Lease {}/{})", settings.leaderElectionNamespace().orElseThrow(), LEASE_NAME);
  }

  private void stoppedLeading() {
    leading.set(false);
    if (closing.get()) {
      return;
    }
    LOG.error("This replica lost its leadership: exiting so that it stops reconciling at once");
    onLostLeadership.run();
  }

  private static void haltOnLostLeadership() {
    // halt, not exit: no graceful stop that would let reconciliations run beside the new leader
    Runtime.getRuntime().halt(1);
  }
}
