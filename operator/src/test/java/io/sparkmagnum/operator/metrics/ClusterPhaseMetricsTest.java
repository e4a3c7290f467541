package io.sparkmagnum.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkmagnum.api.v1alpha1.Phase;
import org.junit.jupiter.api.Test;

class ClusterPhaseMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ClusterPhaseMetrics metrics = new ClusterPhaseMetrics(registry);

  private String scrape() {
    return registry.scrape();
  }

  @Test
  void everyPhaseIsExportedAtZeroFromTheStart() {
    String scrape = scrape();

    assertThat(scrape).contains("# TYPE sparkmagnum_clusters gauge");
    for (Phase phase : Phase.values()) {
      assertThat(scrape).contains("sparkmagnum_clusters{phase=\"" + phase.name() + "\"} 0.0");
    }
  }

  @Test
  void countsClustersByTheirLatestPhase() {
    metrics.record("team-a", "analytics", Phase.Provisioning);
    metrics.record("team-a", "etl", Phase.Running);
    metrics.record("team-b", "analytics", Phase.Running);
    metrics.record("team-a", "analytics", Phase.Deploying);

    assertThat(scrape())
        .contains("sparkmagnum_clusters{phase=\"Running\"} 2.0")
        .contains("sparkmagnum_clusters{phase=\"Deploying\"} 1.0")
        .contains("sparkmagnum_clusters{phase=\"Provisioning\"} 0.0");
  }

  @Test
  void forgottenClustersAreNoLongerCounted() {
    metrics.record("team-a", "analytics", Phase.Deleting);
    metrics.record("team-a", "etl", Phase.Deleting);

    metrics.forget("team-a", "analytics");
    metrics.forget("team-a", "never-recorded");

    assertThat(scrape()).contains("sparkmagnum_clusters{phase=\"Deleting\"} 1.0");
  }

  @Test
  void sameNameInAnotherNamespaceIsAnotherCluster() {
    metrics.record("a", "x", Phase.Failed);
    metrics.record("b", "x", Phase.Failed);

    assertThat(scrape()).contains("sparkmagnum_clusters{phase=\"Failed\"} 2.0");
  }
}
