package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The runtime around a stand-in reconciler of ConfigMaps, against the fabric8 mock API server:
 * settings applied to the SDK, endpoints over HTTP, metrics, leader election, shutdown.
 */
@Tag("integration")
@EnableKubernetesMockClient(crud = true)
class OperatorRuntimeIT {
  private static final String OPERATOR_NAMESPACE = "spark-magnum-operator";

  KubernetesMockServer server;
  KubernetesClient client;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger lostLeadership = new AtomicInteger();
  private final RecordingReconciler reconciler = new RecordingReconciler();
  private final RuntimeMetrics metrics = new RuntimeMetrics();
  private OperatorRuntime runtime;

  @ControllerConfiguration(name = "recording")
  static final class RecordingReconciler implements Reconciler<ConfigMap> {
    final Set<String> reconciled = ConcurrentHashMap.newKeySet();
    final Set<String> resourceInMdc = ConcurrentHashMap.newKeySet();

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
      reconciled.add(resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName());
      resourceInMdc.add(MDC.get("resource.namespace") + "/" + MDC.get("resource.name"));
      return UpdateControl.noUpdate();
    }
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.close();
    }
    metrics.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private OperatorRuntime runtime(Map<String, String> environment) throws IOException {
    Map<String, String> withPort = new HashMap<>(environment);
    withPort.put("METRICS_PORT", Integer.toString(freePort()));
    runtime = new OperatorRuntime(Settings.fromEnvironment(withPort), server.createClient(), metrics, lostLeadership::incrementAndGet);
    return runtime;
  }

  private void configMap(String namespace, String name) {
    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build()).create();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + runtime.endpointsPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The SelfSubjectRulesReview answer for the operator's service account: the leader election Role of deploy/. */
  private void grantTheLeaderElectionRoleOfDeploy() {
    Role role = DeployManifests.only(DeployManifests.objects(), Role.class);
    SelfSubjectRulesReview review =
        new SelfSubjectRulesReviewBuilder()
            .withNewSpec()
            .withNamespace(role.getMetadata().getNamespace())
            .endSpec()
            .withNewStatus()
            .withIncomplete(false)
            .withResourceRules(
                role.getRules().stream()
                    .map(rule -> new ResourceRule(rule.getApiGroups(), rule.getResourceNames(), rule.getResources(), rule.getVerbs()))
                    .toList())
            .endStatus()
            .build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews").andReturn(201, review).always();
  }

  @Test
  void configuresTheSdkAsTheContractSays() throws IOException {
    ConfigurationService configuration = runtime(Map.of()).operator().getConfigurationService();

    assertThat(configuration.ssaBasedCreateUpdateMatchForDependentResources()).isFalse();
    assertThat(configuration.useSSAToPatchPrimaryResource()).isFalse();
    assertThat(configuration.checkCRDAndValidateLocalModel()).isFalse();
    assertThat(configuration.getMetrics()).isInstanceOf(MicrometerMetrics.class);
    assertThat(configuration.getLeaderElectionConfiguration()).isEmpty();
    assertThat(configuration.reconciliationTerminationTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void registersControllersWithTheWatchedNamespacesAndTheResyncInterval() throws IOException {
    RegisteredController<ConfigMap> some =
        runtime(Map.of("WATCH_NAMESPACES", "team-a,team-c", "RESYNC_INTERVAL", "2m")).register(reconciler);

    assertThat(some.getConfiguration().getInformerConfig().getNamespaces()).containsExactlyInAnyOrder("team-a", "team-c");
    assertThat(some.getConfiguration().maxReconciliationInterval()).contains(Duration.ofMinutes(2));
  }

  @Test
  void watchesAllNamespacesByDefault() throws IOException {
    RegisteredController<ConfigMap> all = runtime(Map.of()).register(reconciler);

    assertThat(all.getConfiguration().getInformerConfig().watchAllNamespaces()).isTrue();
    assertThat(all.getConfiguration().maxReconciliationInterval()).contains(Duration.ofMinutes(5));
  }

  @Test
  void reconcilesOnlyTheWatchedNamespacesAndServesItsEndpoints() throws Exception {
    configMap("team-a", "one");
    configMap("team-b", "two");
    runtime(Map.of("WATCH_NAMESPACES", "team-a")).register(reconciler);
    assertThat(runtime.isLive()).isTrue();
    assertThat(runtime.isReady()).isFalse();

    runtime.start();

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    configMap("team-b", "three");
    configMap("team-a", "four");
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.reconciled.containsAll(Set.of("team-a/one", "team-a/four")));
    assertThat(reconciler.reconciled).containsExactlyInAnyOrder("team-a/one", "team-a/four");
    // the SDK names the resource in the MDC while it is reconciled, so every log line carries it
    assertThat(reconciler.resourceInMdc).containsExactlyInAnyOrder("team-a/one", "team-a/four");

    HttpResponse<String> scrape = get("/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body())
        .contains("operator_sdk_reconciliations_started_total{")
        .contains("operator_sdk_controllers_execution_reconcile_success_total{controller=\"recording\"")
        .contains("sparkmagnum_leader 1.0")
        .contains("jvm_memory_used_bytes{")
        .contains("jvm_threads_live_threads")
        .contains("process_uptime_seconds")
        .contains("system_cpu_count");
  }

  @Test
  void closingStopsTheOperatorAndTheEndpoints() throws Exception {
    configMap("team-a", "one");
    runtime(Map.of()).register(reconciler);
    runtime.start();
    int port = runtime.endpointsPort();

    runtime.close();
    runtime.close();

    assertThat(runtime.isReady()).isFalse();
    assertThat(runtime.isLeading()).isFalse();
    assertThatThrownBy(
            () -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }

  @Test
  void leadsThroughTheLeaseAndStopsWithoutExiting() throws Exception {
    grantTheLeaderElectionRoleOfDeploy();
    configMap("team-a", "one");
    runtime(Map.of("LEADER_ELECTION_NAMESPACE", OPERATOR_NAMESPACE, "POD_NAME", "operator-0")).register(reconciler);
    LeaderElectionConfiguration leaderElection =
        runtime.operator().getConfigurationService().getLeaderElectionConfiguration().orElseThrow();
    assertThat(leaderElection.getLeaseName()).isEqualTo("spark-magnum-operator");
    assertThat(leaderElection.getLeaseNamespace()).contains(OPERATOR_NAMESPACE);
    assertThat(leaderElection.getIdentity()).contains("operator-0");
    assertThat(leaderElection.isExitOnStopLeading()).isFalse();

    runtime.start();

    await().atMost(Duration.ofSeconds(30)).until(runtime::isLeading);
    Lease lease = client.leases().inNamespace(OPERATOR_NAMESPACE).withName("spark-magnum-operator").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-0");
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.reconciled.contains("team-a/one"));
    assertThat(get("/metrics").body()).contains("sparkmagnum_leader 1.0");
    assertThat(get("/readyz").statusCode()).isEqualTo(200);

    runtime.close();

    // stopping leads to "stopped leading": on shutdown that must not end the process
    assertThat(lostLeadership).hasValue(0);
  }

  @Test
  void standsByReadyWhileAnotherReplicaLeadsThenTakesOver() throws Exception {
    grantTheLeaderElectionRoleOfDeploy();
    // another replica renewed 10s ago: its 15s lease runs out in about 5s
    client.leases()
        .inNamespace(OPERATOR_NAMESPACE)
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("spark-magnum-operator")
                .withNamespace(OPERATOR_NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity("operator-old")
                .withLeaseDurationSeconds(15)
                .withAcquireTime(ZonedDateTime.now().minusSeconds(60).truncatedTo(ChronoUnit.MICROS))
                .withRenewTime(ZonedDateTime.now().minusSeconds(10).truncatedTo(ChronoUnit.MICROS))
                .withLeaseTransitions(0)
                .endSpec()
                .build())
        .create();
    configMap("team-a", "one");
    runtime(Map.of("LEADER_ELECTION_NAMESPACE", OPERATOR_NAMESPACE, "POD_NAME", "operator-new")).register(reconciler);

    runtime.start();

    assertThat(runtime.isLeading()).isFalse();
    assertThat(get("/readyz").statusCode()).as("a replica standing by is ready").isEqualTo(200);
    assertThat(get("/metrics").body()).contains("sparkmagnum_leader 0.0");
    assertThat(reconciler.reconciled).as("nothing is reconciled before leading").isEmpty();

    await().atMost(Duration.ofSeconds(30)).until(runtime::isLeading);
    assertThat(client.leases().inNamespace(OPERATOR_NAMESPACE).withName("spark-magnum-operator").get().getSpec().getHolderIdentity())
        .isEqualTo("operator-new");
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciler.reconciled.contains("team-a/one"));
  }

  @Test
  void losingTheLeadershipEndsTheProcessUnlessItIsStopping() throws IOException {
    runtime(Map.of("LEADER_ELECTION_NAMESPACE", OPERATOR_NAMESPACE));
    var callbacks =
        runtime.operator().getConfigurationService().getLeaderElectionConfiguration().orElseThrow().getLeaderCallbacks().orElseThrow();

    callbacks.onStartLeading();
    assertThat(runtime.isLeading()).isTrue();
    callbacks.onStopLeading();
    assertThat(runtime.isLeading()).isFalse();
    assertThat(lostLeadership).hasValue(1);

    runtime.close();
    callbacks.onStopLeading();
    assertThat(lostLeadership).hasValue(1);
  }
}
