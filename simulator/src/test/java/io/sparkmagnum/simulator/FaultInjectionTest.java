package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultInjectionTest {
  private OpenStackSimulator sim;
  private ApiClient client;
  private String token;

  @BeforeEach
  void start() {
    sim = OpenStackSimulator.builder().demoSeed().start();
    client = new ApiClient(sim);
    token = client.demoToken();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void theNextRequestsToMagnumFailThenItRecovers() {
    InjectedFault fault = sim.faults().failNext(Service.MAGNUM, 2, 503);

    ApiClient.Answer first = client.magnumGet("/v1/clusters", token);
    ApiClient.Answer second = client.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, token);
    ApiClient.Answer third = client.magnumGet("/v1/clusters", token);

    assertThat(first.status()).isEqualTo(503);
    JsonNode error = first.json().at("/errors/0");
    assertThat(error.get("code").asText()).isEqualTo("server");
    assertThat(error.get("status").asInt()).isEqualTo(503);
    assertThat(error.get("title").asText()).isEqualTo("Service Unavailable");
    assertThat(second.status()).isEqualTo(503);
    assertThat(third.status()).isEqualTo(200);
    assertThat(fault.timesApplied()).isEqualTo(2);
    assertThat(fault.active()).isFalse();
    assertThat(sim.counters().magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(2);
    assertThat(sim.counters().magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(1);
  }

  @Test
  void aFaultOnOneOperationLeavesTheOthersAlone() {
    sim.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_CREATE, 1, 500);
    Map<String, Object> create = Map.of("name", "bay1", "cluster_template_id", DemoCloud.TEMPLATE_NAME);

    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(200);
    ApiClient.Answer failed = client.magnum("POST", "/v1/clusters", create, token);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(sim.clustersCreatedThroughApi()).isZero();
    assertThat(client.magnum("POST", "/v1/clusters", create, token).status()).isEqualTo(202);
    assertThat(sim.clustersCreatedThroughApi()).isEqualTo(1);
    assertThat(sim.counters().magnumCalls(Operations.CLUSTERS_CREATE)).isEqualTo(2);
  }

  @Test
  void tooManyRequestsCarriesRetryAfter() {
    sim.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_GET, 1, 429);

    ApiClient.Answer answer = client.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, token);

    assertThat(answer.status()).isEqualTo(429);
    assertThat(answer.header("Retry-After")).isEqualTo("1");
    assertThat(answer.json().at("/errors/0/code").asText()).isEqualTo("client");
  }

  @Test
  void aFaultUntilClearedLastsUntilClearOrCancel() {
    InjectedFault keystoneFault = sim.faults().failUntilCleared(Service.KEYSTONE, Operations.TOKENS_CREATE, 502);
    for (int i = 0; i < 3; i++) {
      ApiClient.Answer answer = client.passwordAuth("demo", DemoCloud.PASSWORD, "demo");
      assertThat(answer.status()).isEqualTo(502);
      assertThat(answer.json().at("/error/code").asInt()).isEqualTo(502);
    }
    assertThat(client.keystone("GET", "/v3", null, Map.of()).status()).isEqualTo(200);
    keystoneFault.cancel();
    assertThat(client.passwordAuth("demo", DemoCloud.PASSWORD, "demo").status()).isEqualTo(201);

    sim.faults().failUntilCleared(Service.MAGNUM, 503);
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(503);
    sim.faults().clear();
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(200);
  }

  @Test
  void keystoneDownAnswers503ButIssuedTokensStillWorkOnMagnum() {
    sim.faults().keystoneDown(true);

    ApiClient.Answer refused = client.passwordAuth("demo", DemoCloud.PASSWORD, "demo");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().at("/error/title").asText()).isEqualTo("Service Unavailable");
    assertThat(client.keystone("GET", "/v3", null, Map.of()).status()).isEqualTo(503);
    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(200);

    sim.faults().keystoneDown(false);
    assertThat(client.passwordAuth("demo", DemoCloud.PASSWORD, "demo").status()).isEqualTo(201);
  }

  @Test
  void invalidatedTokensAreRefusedByMagnumUntilANewOneIsIssued() {
    sim.faults().invalidateAllTokens();

    assertThat(client.magnumGet("/v1/clusters", token).status()).isEqualTo(401);
    String fresh = client.demoToken();
    assertThat(client.magnumGet("/v1/clusters", fresh).status()).isEqualTo(200);
    assertThat(sim.counters().tokensIssued()).isEqualTo(2);
  }

  @Test
  void aSlowAnswerTripsTheClientTimeoutAfterTheWorkWasDone() {
    sim.faults().delayNext(Service.MAGNUM, Operations.CLUSTERS_CREATE, 1, Duration.ofSeconds(5));
    Map<String, Object> create = Map.of("name", "slow", "cluster_template_id", DemoCloud.TEMPLATE_NAME);

    assertThatThrownBy(() -> client.magnum("POST", "/v1/clusters", create, token, Duration.ofMillis(300)))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);

    await().atMost(Duration.ofSeconds(5)).until(() -> sim.clustersCreatedThroughApi() == 1);
    assertThat(client.magnum("GET", "/v1/clusters/slow", null, token, Duration.ofMillis(2000)).status())
        .isEqualTo(200);
  }

  @Test
  void aDelayOnKeystoneOnlyHoldsBackKeystone() {
    InjectedFault delay = sim.faults().delayUntilCleared(Service.KEYSTONE, null, Duration.ofSeconds(5));

    assertThatThrownBy(
            () ->
                client.keystone(
                    "GET", "/v3", null, Map.of(), Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(client.magnum("GET", "/v1/clusters", null, token, Duration.ofMillis(2000)).status()).isEqualTo(200);
    assertThat(delay.timesApplied()).isEqualTo(1);
  }

  @Test
  void aClusterNamedForFailureEndsInCreateFailedWithTheReason() {
    String reason = "Resource CREATE failed: ResourceInError: resources.kube_masters.resources[0]";
    sim.faults().failClusterCreation("doomed", reason);

    String doomed = client.createCluster(token, "doomed", DemoCloud.TEMPLATE_NAME, 1);
    String fine = client.createCluster(token, "fine", DemoCloud.TEMPLATE_NAME, 1);

    JsonNode failed = client.magnumGet("/v1/clusters/" + doomed, token).json();
    assertThat(failed.get("status").asText()).isEqualTo("CREATE_FAILED");
    assertThat(failed.get("status_reason").asText()).isEqualTo(reason);
    assertThat(failed.get("api_address").isNull()).isTrue();
    assertThat(failed.get("faults").size()).isPositive();
    assertThat(client.magnumGet("/v1/clusters/" + fine, token).json().get("status").asText())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void updateAndDeletionFaults() {
    sim.faults().failClusterUpdate(DemoCloud.CLUSTER_NAME, "Stack UPDATE failed: quota");
    sim.faults().failClusterDeletion(DemoCloud.CLUSTER_NAME, "Stack DELETE failed: volume in use");

    client.magnum(
        "PATCH", "/v1/clusters/" + DemoCloud.CLUSTER_UUID,
        List.of(Map.of("op", "replace", "path", "/node_count", "value", 5)), token);
    JsonNode updated = client.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, token).json();
    assertThat(updated.get("status").asText()).isEqualTo("UPDATE_FAILED");
    assertThat(updated.get("status_reason").asText()).isEqualTo("Stack UPDATE failed: quota");

    assertThat(client.magnum("DELETE", "/v1/clusters/" + DemoCloud.CLUSTER_UUID, null, token).status())
        .isEqualTo(204);
    JsonNode deleteFailed = client.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, token).json();
    assertThat(deleteFailed.get("status").asText()).isEqualTo("DELETE_FAILED");

    sim.faults().clear();
    client.magnum("DELETE", "/v1/clusters/" + DemoCloud.CLUSTER_UUID, null, token);
    assertThat(client.magnumGet("/v1/clusters/" + DemoCloud.CLUSTER_UUID, token).status()).isEqualTo(404);
  }

  @Test
  void concurrentRequestsConsumeAFaultExactlyAsOftenAsAsked() throws Exception {
    sim.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_LIST, 5, 503);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        statuses.add(pool.submit(() -> client.magnumGet("/v1/clusters", token).status()));
      }
      int failures = 0;
      for (Future<Integer> status : statuses) {
        failures += status.get() == 503 ? 1 : 0;
      }
      assertThat(failures).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void faultsAreCheckedWhenInjected() {
    assertThatThrownBy(() -> sim.faults().failNext(Service.MAGNUM, "clusters.resize", 1, 503))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.faults().failNext(Service.MAGNUM, 1, 200))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.faults().failNext(Service.KEYSTONE, 0, 503))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
