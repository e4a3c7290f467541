package io.sparkmagnum.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkmagnum.operator.metrics.BayProvisioningMetrics.Outcome;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BayProvisioningMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BayProvisioningMetrics metrics = new BayProvisioningMetrics(registry);

  @Test
  void histogramInSecondsWithBucketsInMinutes() {
    metrics.record(Duration.ofMinutes(4), Outcome.COMPLETE);
    metrics.record(Duration.ofMinutes(12), Outcome.COMPLETE);
    metrics.record(Duration.ofMinutes(61), Outcome.FAILED);

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("# TYPE sparkmagnum_bay_provisioning_seconds histogram")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"complete\",le=\"180.0\"} 0")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"complete\",le=\"300.0\"} 1")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"complete\",le=\"900.0\"} 2")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"complete\",le=\"+Inf\"} 2")
        .contains("sparkmagnum_bay_provisioning_seconds_count{outcome=\"complete\"} 2")
        .contains("sparkmagnum_bay_provisioning_seconds_sum{outcome=\"complete\"} 960.0")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"failed\",le=\"3600.0\"} 0")
        .contains("sparkmagnum_bay_provisioning_seconds_bucket{outcome=\"failed\",le=\"5400.0\"} 1")
        .contains("sparkmagnum_bay_provisioning_seconds_count{outcome=\"failed\"} 1");
  }

  @Test
  void bothOutcomesAreExportedBeforeAnyBayIsMade() {
    assertThat(registry.scrape())
        .contains("sparkmagnum_bay_provisioning_seconds_count{outcome=\"complete\"} 0")
        .contains("sparkmagnum_bay_provisioning_seconds_count{outcome=\"failed\"} 0");
  }

  @Test
  void negativeDurationsFromSkewedClocksAreNotRecorded() {
    metrics.record(Duration.ofSeconds(-5), Outcome.COMPLETE);

    assertThat(registry.scrape()).contains("sparkmagnum_bay_provisioning_seconds_count{outcome=\"complete\"} 0");
  }
}
