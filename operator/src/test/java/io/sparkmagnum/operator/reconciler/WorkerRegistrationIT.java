package io.sparkmagnum.operator.reconciler;

import static io.sparkmagnum.operator.reconciler.ReconcilerScenarios.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workers count as ready only when the master has them registered, as its /json/ (read through the
 * bay API server's service proxy) says. The answers are real ones, captured from Spark 3.5.3 by SparkProcessesIT.
 */
@Tag("integration")
class WorkerRegistrationIT {
  private static final String PROXY_PATH = "/api/v1/namespaces/reg/services/joined-master:8080/proxy/json/";
  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static String masterJson(String file) throws IOException {
    try (InputStream in = WorkerRegistrationIT.class.getResourceAsStream("/spark/master-json/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void workersAreReadyWhenTheMasterHasThemAllRegistered() throws IOException {
    // a master that lost one of its two workers
    harness.bay.answerGet(PROXY_PATH, masterJson("spark-3.5.3-worker-lost.json"));
    harness.namespaceWithCredentials("reg");
    harness.apply(OperatorHarness.sparkCluster("reg", "joined", DemoCloud.TEMPLATE_NAME));

    ReconcilerScenarios.eventually().untilAsserted(() -> {
      Condition pending = ReconcilerScenarios.condition(harness, "reg", "joined", "WorkersReady");
      assertThat(pending.getStatus()).isEqualTo("False");
      assertThat(pending.getReason()).isEqualTo("WorkersPending");
      assertThat(pending.getMessage()).isEqualTo("2/2 workers ready, 1/2 registered with the master");
    });
    assertThat(ReconcilerScenarios.condition(harness, "reg", "joined", "Ready").getStatus()).isEqualTo("False");
    assertThat(harness.get("reg", "joined").getStatus().getWorkers().getRegistered()).isEqualTo(1);

    // the worker comes back: no event in the bay says so, the operator looks again by itself
    harness.bay.answerGet(PROXY_PATH, masterJson("spark-3.5.3-application-running.json"));
    awaitReady(harness, "reg", "joined");
    var status = harness.get("reg", "joined").getStatus();
    assertThat(status.getWorkers().getRegistered()).isEqualTo(2);
    assertThat(status.condition("WorkersReady").orElseThrow().getMessage()).isEqualTo("2/2 workers ready");
  }
}
