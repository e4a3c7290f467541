package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What Prometheus and the kubelet's probes see of an operator that has brought a SparkCluster up. */
@Tag("integration")
class MetricsAfterReconcileIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsProbesAndTheContractsMetricsAfterAReconcile() throws Exception {
    try (OperatorHarness harness = OperatorHarness.start()) {
      harness.namespaceWithCredentials("metrics");
      harness.apply(OperatorHarness.sparkCluster("metrics", "observed", DemoCloud.TEMPLATE_NAME));
      int port = harness.endpointsPort();

      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
        String metrics = get(port, "/metrics").body();
        assertThat(metrics).contains("sparkmagnum_clusters{phase=\"Running\"} 1.0");
        assertThat(metrics).containsPattern("sparkmagnum_bay_provisioning_seconds_count\\{outcome=\"complete\"} 1");
        assertThat(metrics).containsPattern(
            "sparkmagnum_openstack_requests_total\\{operation=\"clusters.create\",outcome=\"success\",service=\"container-infra\"} 1");
        assertThat(metrics).containsPattern("sparkmagnum_keystone_tokens_issued_total\\{method=\"password\"} 1");
      });
      String metrics = get(port, "/metrics").body();
      assertThat(metrics).contains("sparkmagnum_clusters{phase=\"Failed\"} 0.0");
      assertThat(metrics).containsPattern("(?m)^operator_sdk_\\w+"); // the Java Operator SDK's own
      assertThat(metrics).contains("jvm_memory_used_bytes");
      assertThat(metrics).doesNotContain(DemoCloud.PASSWORD);

      assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
    }
  }
}
