package io.sparkmagnum.operator.openstack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/**
 * The OpenStack request counters: {@code sparkmagnum.openstack.requests} (one per HTTP exchange,
 * tagged service, operation and outcome) and {@code sparkmagnum.keystone.tokens.issued} (tagged
 * method).
 */
final class RequestMetrics {

  static final String REQUESTS = "sparkmagnum.openstack.requests";
  static final String TOKENS_ISSUED = "sparkmagnum.keystone.tokens.issued";
  static final String IDENTITY = "identity";
  static final String CONTAINER_INFRA = "container-infra";

  private final MeterRegistry registry;

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts one exchange; {@code failure} null means it succeeded. */
  void request(String service, String operation, OpenStackException.Kind failure) {
    String outcome = failure == null ? "success" : failure.name().toLowerCase(Locale.ROOT);
    Counter.builder(REQUESTS)
        .description("HTTP requests to OpenStack, by service, operation and outcome")
        .tag("service", service)
        .tag("operation", operation)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  void tokenIssued(CloudCredentials.AuthMethod method) {
    Counter.builder(TOKENS_ISSUED)
        .description("Keystone tokens issued to the operator, by authentication method")
        .tag("method", method.keystoneName())
        .register(registry)
        .increment();
  }
}
