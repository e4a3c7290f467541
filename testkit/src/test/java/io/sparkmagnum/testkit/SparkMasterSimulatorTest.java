package io.sparkmagnum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkMasterSimulatorTest {
  private static final String PROXY_PATH = "/api/v1/namespaces/team-a/services/analytics-master:8080/proxy/json/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> labels(String component) {
    return Map.of("app.kubernetes.io/instance", "analytics", "app.kubernetes.io/component", component);
  }

  @Test
  void theMasterHasTheReadyWorkersRegistered() {
    try (KubeApi bay = new KubeApi(); SparkMasterSimulator masters = new SparkMasterSimulator(bay)) {
      KubernetesClient client = bay.client();
      client.services().inNamespace("team-a").resource(new ServiceBuilder()
          .withNewMetadata().withName("analytics-master").withNamespace("team-a").withLabels(labels("master")).endMetadata()
          .withNewSpec().addNewPort().withName("spark").withPort(7077).endPort()
          .addNewPort().withName("http").withPort(8080).endPort().endSpec()
          .build()).create();
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
          .untilAsserted(() -> assertThat(master(client).path("aliveworkers").asInt()).isZero());

      Deployment workers = client.apps().deployments().inNamespace("team-a").resource(new DeploymentBuilder()
          .withNewMetadata().withName("analytics-worker").withNamespace("team-a").withLabels(labels("worker")).endMetadata()
          .withNewSpec().withReplicas(3).withNewTemplate().withNewSpec().addNewContainer().withName("worker")
          .addNewEnv().withName("SPARK_WORKER_CORES").withValue("2").endEnv()
          .addNewEnv().withName("SPARK_WORKER_MEMORY").withValue("2g").endEnv()
          .endContainer().endSpec().endTemplate().endSpec()
          .build()).create();
      workers.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReadyReplicas(2).build());
      client.apps().deployments().inNamespace("team-a").resource(workers).updateStatus();

      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
        JsonNode master = master(client);
        assertThat(master.path("status").asText()).isEqualTo("ALIVE");
        assertThat(master.path("aliveworkers").asInt()).isEqualTo(2);
        assertThat(master.path("workers")).hasSize(2);
        assertThat(master.path("workers").get(0).path("state").asText()).isEqualTo("ALIVE");
        assertThat(master.path("cores").asInt()).isEqualTo(4);
        assertThat(master.path("memory").asLong()).isEqualTo(4096);
      });

      client.services().inNamespace("team-a").withName("analytics-master").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> {
        String body = client.raw(PROXY_PATH);
        return body == null || !body.contains("aliveworkers");
      });
    }
  }

  private static JsonNode master(KubernetesClient client) throws Exception {
    return JSON.readTree(client.raw(PROXY_PATH));
  }

  @Test
  void readsSparkSizes() {
    assertThat(SparkMasterSimulator.mebibytes("512m")).isEqualTo(512);
    assertThat(SparkMasterSimulator.mebibytes("1g")).isEqualTo(1024);
    assertThat(SparkMasterSimulator.mebibytes("2048k")).isEqualTo(2);
    assertThat(SparkMasterSimulator.mebibytes("1t")).isEqualTo(1024 * 1024);
  }
}
