package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `kubectl kustomize deploy/` builds, and every object it yields parses as its kind. */
class KustomizeBuildTest {
  private static Path kubectl;

  @BeforeAll
  static void findKubectl() {
    Optional<Path> found =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "kubectl"))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      System.err.println("KustomizeBuildTest SKIPPED: no kubectl on PATH, deploy/ is not built with kustomize");
    }
    assumeTrue(found.isPresent(), "kubectl on PATH");
    kubectl = found.get();
  }

  private static String kustomize(Path dir) throws Exception {
    Process process =
        new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectErrorStream(false).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("kubectl kustomize %s: %s", dir, errors).isZero();
    return output;
  }

  @Test
  void buildsTheObjectsOfTheListedFiles() throws Exception {
    List<Map<String, Object>> built = DeployManifests.documents(kustomize(DeployManifests.deployDir()));
    List<HasMetadata> objects = built.stream().map(DeployManifests::typed).toList();

    assertThat(objects)
        .extracting(object -> object.getKind() + "/" + object.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            DeployManifests.objects().stream().map(object -> object.getKind() + "/" + object.getMetadata().getName()).toList());
    assertThat(objects)
        .allSatisfy(object -> assertThat(object.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "spark-magnum-operator"));
  }

  @Test
  void setsTheImageTag() throws Exception {
    List<HasMetadata> objects =
        DeployManifests.documents(kustomize(DeployManifests.deployDir())).stream().map(DeployManifests::typed).toList();

    Deployment deployment = DeployManifests.only(objects, Deployment.class);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("spark-magnum-operator:" + System.getProperty("project.version"));
    // the labels transformer must not touch the selector of an existing Deployment
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).containsOnlyKeys("app.kubernetes.io/name");
  }

  @Test
  void buildsTheOptionalServiceMonitor() throws Exception {
    List<Map<String, Object>> built = DeployManifests.documents(kustomize(DeployManifests.deployDir().resolve("optional")));

    assertThat(built).singleElement().satisfies(object -> assertThat(object).containsEntry("kind", "ServiceMonitor"));
  }
}
