package io.sparkmagnum.operator.openstack;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.OpenStackSimulator;
import java.time.Clock;

/**
 * The operator's OpenStack client against a running simulator: clouds.yaml texts for the demo
 * credentials, and readings of the client's own metrics.
 */
final class SimulatedCloud {

  final OpenStackSimulator simulator;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final OpenStackClouds clouds;

  SimulatedCloud(OpenStackSimulator simulator, OpenStackSettings settings, Clock clock) {
    this.simulator = simulator;
    this.clouds = new OpenStackClouds(settings, registry, clock);
  }

  /** The demo user by name in domain Default, scoped to the demo project by name. */
  CloudCredentials password() throws CredentialsException {
    return password(DemoCloud.PASSWORD);
  }

  CloudCredentials password(String password) throws CredentialsException {
    return CloudCredentials.parse(DemoCloud.passwordCloudsYaml(simulator.authUrl(), password), null, null);
  }

  /** The demo application credential, by id. */
  CloudCredentials applicationCredential() throws CredentialsException {
    return CloudCredentials.parse(DemoCloud.applicationCredentialCloudsYaml(simulator.authUrl(),
        DemoCloud.APPLICATION_CREDENTIAL_ID, DemoCloud.APPLICATION_CREDENTIAL_SECRET), null, null);
  }

  MagnumBays bays() throws CredentialsException {
    return clouds.bays(password());
  }

  /** sparkmagnum.openstack.requests for one service, operation and outcome. */
  double requests(String service, String operation, String outcome) {
    Counter counter = registry.find(RequestMetrics.REQUESTS)
        .tags("service", service, "operation", operation, "outcome", outcome)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  double magnumRequests(String operation, String outcome) {
    return requests(RequestMetrics.CONTAINER_INFRA, operation, outcome);
  }

  double tokensIssued(String method) {
    Counter counter = registry.find(RequestMetrics.TOKENS_ISSUED).tag("method", method).counter();
    return counter == null ? 0 : counter.count();
  }
}
