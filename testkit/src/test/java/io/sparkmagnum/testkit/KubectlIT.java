package io.sparkmagnum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl against the embedded API, with the commands the demo's --serve mode offers: get
 * (with the CRD's printer columns), describe (with events), apply, patch --type merge, delete.
 * Skipped where kubectl is not installed.
 */
@Tag("integration")
class KubectlIT {
  private static final Path SAMPLE = Path.of("../samples/sparkcluster-minimal.yaml");
  private static final Optional<Path> KUBECTL = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
      .map(dir -> Path.of(dir, "kubectl"))
      .filter(Files::isExecutable)
      .findFirst();
  private static KubeApi api;
  private static Path kubeconfig;

  record Run(int exitCode, String output) {}

  @BeforeAll
  static void start(@TempDir Path dir) {
    assumeTrue(KUBECTL.isPresent(), "kubectl is not installed");
    api = new KubeApi().withCrd(DiscoveryCrudDispatcherTest.CRD);
    api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
        .build()).create();
    kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"), "team-a");
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static Run kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(KUBECTL.orElseThrow().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    builder.environment().put("HOME", kubeconfig.getParent().toString()); // kubectl's discovery cache goes there
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl %s ends", String.join(" ", args)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private static String ok(String... args) throws IOException, InterruptedException {
    Run run = kubectl(args);
    assertThat(run.exitCode()).as("kubectl %s: %s", String.join(" ", args), run.output()).isZero();
    return run.output();
  }

  private static SparkCluster analytics() {
    return api.client().resources(SparkCluster.class).inNamespace("team-a").withName("analytics").get();
  }

  @Test
  void getDescribeApplyPatchAndDeleteWork() throws Exception {
    assertThat(ok("version")).contains("Server Version: v1.32.0-embedded");
    assertThat(ok("api-resources")).containsPattern("sparkclusters\\s+sparkc\\s+sparkmagnum.io/v1alpha1\\s+true\\s+SparkCluster");

    assertThat(ok("apply", "-f", SAMPLE.toString())).contains("sparkcluster.sparkmagnum.io/analytics created");
    assertThat(analytics().getSpec().getBay().getTemplate()).isEqualTo("k8s-model");

    String table = ok("get", "sparkc");
    assertThat(table.lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("NAME", "PHASE", "BAY", "READY", "DESIRED", "MASTER", "AGE");
    assertThat(table).containsPattern("\\nanalytics\\s+\\d+s\\n");

    SparkCluster cluster = analytics();
    api.client().v1().events().inNamespace("team-a").resource(new EventBuilder()
        .withNewMetadata().withName("analytics.1").withNamespace("team-a").endMetadata()
        .withNewInvolvedObject().withApiVersion("sparkmagnum.io/v1alpha1").withKind("SparkCluster")
        .withName("analytics").withNamespace("team-a").withUid(cluster.getMetadata().getUid()).endInvolvedObject()
        .withType("Normal").withReason("BayCreating").withMessage("Creating bay spark-team-a-analytics.")
        .withCount(1).withNewSource().withComponent("spark-magnum-operator").endSource()
        .build()).create();
    String described = ok("describe", "sparkcluster", "analytics");
    assertThat(described).contains("Name:         analytics", "Template:  k8s-model");
    assertThat(described).containsPattern("Normal\\s+BayCreating\\s+.*Creating bay spark-team-a-analytics\\.");

    assertThat(ok("patch", "sparkc", "analytics", "--type", "merge", "-p", "{\"spec\":{\"workers\":{\"replicas\":3}}}"))
        .contains("sparkcluster.sparkmagnum.io/analytics patched");
    assertThat(analytics().getSpec().getWorkers().getReplicas()).isEqualTo(3);

    assertThat(ok("delete", "sparkc", "analytics")).contains("sparkcluster.sparkmagnum.io \"analytics\" deleted");
    assertThat(analytics()).isNull();
  }
}
