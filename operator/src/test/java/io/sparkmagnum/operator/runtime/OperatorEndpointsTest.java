package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperatorEndpointsTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicBoolean live = new AtomicBoolean(true);
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private OperatorEndpoints endpoints;

  @BeforeEach
  void start() throws IOException {
    endpoints = OperatorEndpoints.start(0, registry, live::get, ready::get);
  }

  @AfterEach
  void stop() {
    endpoints.close();
    registry.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + endpoints.port() + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsInPrometheusTextFormatByDefault() throws Exception {
    registry.counter("sparkmagnum.test.requests", "outcome", "success").increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
    assertThat(response.body())
        .contains("# TYPE sparkmagnum_test_requests_total counter")
        .contains("sparkmagnum_test_requests_total{outcome=\"success\"} 3.0")
        .doesNotContain("# EOF");
  }

  @Test
  void metricsInOpenMetricsWhenTheScraperAsksForIt() throws Exception {
    registry.counter("sparkmagnum.test.requests", "outcome", "success").increment();

    // what Prometheus sends
    HttpResponse<String> response =
        get(
            "/metrics",
            "Accept",
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(response.body())
        .contains("sparkmagnum_test_requests_total{outcome=\"success\"} 1.0")
        .endsWith("# EOF\n");
  }

  @Test
  void healthzFollowsTheLivenessCheck() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").body()).isEqualTo("ok\n");

    live.set(false);

    HttpResponse<String> response = get("/healthz");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body()).isEqualTo("not ok\n");
  }

  @Test
  void readyzFollowsTheReadinessCheck() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    ready.set(true);

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void aCheckThatThrowsFails() throws Exception {
    BooleanSupplier broken =
        () -> {
          throw new IllegalStateException("informer gone");
        };
    try (OperatorEndpoints failing = OperatorEndpoints.start(0, registry, broken, broken)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + failing.port() + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).isEqualTo("not ok\n");
    }
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
    assertThat(get("/healthz/extra").statusCode()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + endpoints.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");

    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + endpoints.port() + "/healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void closingFreesThePort() throws Exception {
    int port = endpoints.port();
    endpoints.close();

    try (OperatorEndpoints again = OperatorEndpoints.start(port, registry, live::get, ready::get)) {
      assertThat(again.port()).isEqualTo(port);
    }
  }
}
