package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * deploy/argocd/health.lua, run the way Argo CD runs it: the SparkCluster as global {@code obj}, the
 * script's return value holding {@code status} and {@code message}.
 */
class ArgoCdHealthTest {
  private static final Path ARGOCD = DeployManifests.deployDir().resolve("argocd");

  record Health(String status, String message) {}

  private static Health health(String sparkClusterYaml) throws IOException {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(DeployManifests.documents(sparkClusterYaml).get(0)));
    LuaValue result = globals.load(Files.readString(ARGOCD.resolve("health.lua")), "health.lua").call();
    return new Health(result.get("status").tojstring(), result.get("message").optjstring(null));
  }

  private static LuaValue lua(Object value) {
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((key, item) -> table.set(key.toString(), lua(item)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, lua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Number number) {
      return LuaValue.valueOf(number.doubleValue());
    }
    if (value instanceof Boolean bool) {
      return LuaValue.valueOf(bool);
    }
    return value == null ? LuaValue.NIL : LuaValue.valueOf(value.toString());
  }

  private static String cluster(String phase, String readyStatus, String readyReason, String readyMessage) {
    return """
        apiVersion: sparkmagnum.io/v1alpha1
        kind: SparkCluster
        metadata: {name: analytics, namespace: team-a, generation: 3}
        status:
          observedGeneration: 3
          phase: %s
          conditions:
          - {type: BayReady, status: "True", reason: BayCreateComplete, message: bay ready}
          - {type: Ready, status: "%s", reason: %s, message: "%s"}
        """
        .formatted(phase, readyStatus, readyReason, readyMessage);
  }

  @Test
  void readyIsHealthy() throws IOException {
    assertThat(health(cluster("Running", "True", "ClusterReady", "2/2 workers ready")))
        .isEqualTo(new Health("Healthy", "ClusterReady: 2/2 workers ready"));
  }

  @ParameterizedTest
  @CsvSource({
    "Pending, InvalidSpec, spec.workers.memory is not a Spark size",
    "Pending, CredentialsMissing, Secret openstack-credentials has no key clouds.yaml",
    "Pending, AuthenticationFailed, Keystone rejected the credentials of cloud openstack",
    "Pending, TemplateNotFound, no cluster template k8s-model",
    "Pending, BayAmbiguous, two bays are named k8sbay",
    "Pending, BayNotFound, bay k8sbay does not exist",
    "Provisioning, BayCreateFailed, Heat stack failed"
  })
  void notReadyForAReasonSomeoneMustFixIsDegraded(String phase, String reason, String message) throws IOException {
    assertThat(health(cluster(phase, "False", reason, message))).isEqualTo(new Health("Degraded", reason + ": " + message));
  }

  @Test
  void failedIsDegraded() throws IOException {
    assertThat(health(cluster("Failed", "False", "BayCreateFailed", "Heat stack failed")))
        .isEqualTo(new Health("Degraded", "BayCreateFailed: Heat stack failed"));
    assertThat(health(cluster("Failed", "Unknown", "OpenStackUnavailable", "Magnum did not answer")).status())
        .isEqualTo("Degraded");
  }

  @Test
  void aClusterThatLostWorkersIsDegraded() throws IOException {
    assertThat(health(cluster("Degraded", "False", "WorkersPending", "1/2 workers ready")))
        .isEqualTo(new Health("Degraded", "WorkersPending: 1/2 workers ready"));
  }

  @ParameterizedTest
  @CsvSource({
    "Provisioning, BayCreating, bay k8sbay is CREATE_IN_PROGRESS",
    "Provisioning, BayResizing, bay k8sbay goes from 2 to 3 nodes",
    "Deploying, MasterPending, master pod is Pending",
    "Deploying, WorkersPending, 0/2 workers ready",
    "Pending, OpenStackUnavailable, Magnum answered 503",
    "Deploying, BayUnreachable, the bay's API server did not answer"
  })
  void onTheWayIsProgressing(String phase, String reason, String message) throws IOException {
    assertThat(health(cluster(phase, "False", reason, message))).isEqualTo(new Health("Progressing", reason + ": " + message));
  }

  @Test
  void deletingIsProgressing() throws IOException {
    assertThat(health(cluster("Deleting", "False", "Deleting", "deleting bay k8sbay")))
        .isEqualTo(new Health("Progressing", "Deleting"));
    String marked =
        cluster("Running", "True", "ClusterReady", "ok")
            .replace("generation: 3}", "generation: 3, deletionTimestamp: \"2026-11-25T10:00:00Z\"}");
    assertThat(health(marked)).isEqualTo(new Health("Progressing", "Deleting"));
  }

  @Test
  void aSpecChangeNotYetObservedIsProgressing() throws IOException {
    String edited = cluster("Running", "True", "ClusterReady", "ok").replace("generation: 3}", "generation: 4}");

    assertThat(health(edited)).isEqualTo(new Health("Progressing", "Waiting for the operator to act on generation 4"));
  }

  @Test
  void noStatusYetIsProgressing() throws IOException {
    assertThat(health("{apiVersion: sparkmagnum.io/v1alpha1, kind: SparkCluster, metadata: {name: a, generation: 1}}"))
        .isEqualTo(new Health("Progressing", "Waiting for the operator"));
    assertThat(health("{kind: SparkCluster, metadata: {name: a, generation: 1}, status: {observedGeneration: 1, phase: Pending}}"))
        .isEqualTo(new Health("Progressing", "Pending"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theArgoCdConfigMapSnippetCarriesThisScript() throws IOException {
    Map<String, Object> configMap = DeployManifests.documents(ARGOCD.resolve("argocd-cm.yaml")).get(0);

    assertThat(configMap).containsEntry("kind", "ConfigMap");
    assertThat((Map<String, Object>) configMap.get("metadata")).containsEntry("name", "argocd-cm");
    assertThat((Map<String, Object>) configMap.get("data"))
        .containsOnlyKeys("resource.customizations.health.sparkmagnum.io_SparkCluster")
        .containsEntry("resource.customizations.health.sparkmagnum.io_SparkCluster", Files.readString(ARGOCD.resolve("health.lua")));
  }
}
