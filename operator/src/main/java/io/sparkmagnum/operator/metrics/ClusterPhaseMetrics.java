package io.sparkmagnum.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sparkmagnum.api.v1alpha1.Phase;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gauge {@code sparkmagnum_clusters{phase="..."}}: how many SparkClusters this replica last saw
 * in each phase. Every phase is exported from the start (at 0), so a dashboard never has to guess
 * whether a missing series means zero.
 *
 * <p>The reconciler calls {@link #record} after each status write and {@link #forget} once a
 * SparkCluster is gone. Thread-safe.
 */
public final class ClusterPhaseMetrics {
  public static final String NAME = "sparkmagnum.clusters";

  private final Map<String, Phase> phaseByCluster = new ConcurrentHashMap<>();

  public ClusterPhaseMetrics(MeterRegistry registry) {
    for (Phase phase : Phase.values()) {
      Gauge.builder(NAME, phaseByCluster, clusters -> count(clusters, phase))
          .description("SparkClusters by phase, as last reconciled by this operator replica")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /** Records the phase a SparkCluster is now in; a later call for the same cluster replaces it. */
  public void record(String namespace, String name, Phase phase) {
    phaseByCluster.put(key(namespace, name), Objects.requireNonNull(phase, "phase"));
  }

  /** Stops counting a SparkCluster, e.g. once its finalizer is removed. */
  public void forget(String namespace, String name) {
    phaseByCluster.remove(key(namespace, name));
  }

  private static String key(String namespace, String name) {
    return Objects.requireNonNull(namespace, "namespace") + "/" + Objects.requireNonNull(name, "name");
  }

  private static double count(Map<String, Phase> clusters, Phase phase) {
    return clusters.values().stream().filter(phase::equals).count();
  }
}
