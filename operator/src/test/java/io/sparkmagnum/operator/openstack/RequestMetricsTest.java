package io.sparkmagnum.operator.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import org.junit.jupiter.api.Test;

/** The counters as Prometheus scrapes them. */
class RequestMetricsTest {

  @Test
  void exposesRequestsAndTokensUnderTheirPrometheusNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RequestMetrics metrics = new RequestMetrics(registry);

    metrics.request(RequestMetrics.CONTAINER_INFRA, "clusters.get", null);
    metrics.request(RequestMetrics.CONTAINER_INFRA, "clusters.get", null);
    metrics.request(RequestMetrics.CONTAINER_INFRA, "clusters.create", Kind.UNAVAILABLE);
    metrics.request(RequestMetrics.IDENTITY, "tokens.issue", Kind.AUTHENTICATION_FAILED);
    metrics.tokenIssued(CloudCredentials.AuthMethod.APPLICATION_CREDENTIAL);

    assertThat(registry.scrape())
        .contains("sparkmagnum_openstack_requests_total{operation=\"clusters.get\",outcome=\"success\",service=\"container-infra\"} 2.0")
        .contains("sparkmagnum_openstack_requests_total{operation=\"clusters.create\",outcome=\"unavailable\",service=\"container-infra\"} 1.0")
        .contains("sparkmagnum_openstack_requests_total{operation=\"tokens.issue\",outcome=\"authentication_failed\",service=\"identity\"} 1.0")
        .contains("sparkmagnum_keystone_tokens_issued_total{method=\"application_credential\"} 1.0");
  }
}
