package io.sparkmagnum.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryTest {
  private static final Path REPOSITORY = Repository.locate(Path.of(""));

  @Test
  void findsTheRepositoryFromAModuleDirectory() {
    assertThat(REPOSITORY.resolve("demo.sh")).isRegularFile();
    assertThat(Repository.locate(REPOSITORY.resolve("demo").resolve("src"))).isEqualTo(REPOSITORY);
  }

  @Test
  void refusesADirectoryOutsideTheRepository(@TempDir Path elsewhere) {
    assertThatThrownBy(() -> Repository.locate(elsewhere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run the demo from the repository");
  }

  @Test
  void fillsInThePlaceholdersOfTheCommittedCredentialsSample() {
    Secret secret = Repository.credentials(REPOSITORY, "team-a", "http://127.0.0.1:5000/v3", "demo", "s3cret", "demo");

    assertThat(secret.getMetadata().getName()).isEqualTo("openstack-credentials");
    assertThat(secret.getMetadata().getNamespace()).isEqualTo("team-a");
    String cloudsYaml = secret.getStringData().get("clouds.yaml");
    assertThat(cloudsYaml)
        .contains("auth_url: http://127.0.0.1:5000/v3\n", "username: demo\n", "password: s3cret\n",
            "project_name: demo\n", "user_domain_name: Default\n")
        .doesNotContain("<", "keystone.example.com");
  }

  @Test
  void refusesAPlaceholderItDoesNotKnow() {
    String sample = """
        clouds:
          openstack:
            auth:
              auth_url: https://keystone.example.com:5000/v3
              username: <user-name>
              user_id: <user-id>
        """;
    assertThatThrownBy(() -> Repository.fillIn(sample, "http://x/v3", "u", "p", "pr"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("<user-id>");
    assertThatThrownBy(() -> Repository.fillIn("clouds: {}", "http://x/v3", "u", "p", "pr"))
        .hasMessageContaining("no clouds.yaml with an auth_url");
  }

  @Test
  void readsTheMinimalSampleIntoTheNamespace() {
    SparkCluster cluster = Repository.minimalCluster(REPOSITORY, "team-a");

    assertThat(cluster.getMetadata().getName()).isEqualTo("analytics");
    assertThat(cluster.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(cluster.getSpec().getBay().getTemplate()).isEqualTo("k8s-model");
  }

  @Test
  void parsesTheCommandLine() {
    DemoOptions plain = DemoOptions.parse(List.of(), REPOSITORY);
    assertThat(plain.serve()).isFalse();
    assertThat(plain.stepTimeout()).isEqualTo(DemoOptions.DEFAULT_STEP_TIMEOUT);
    assertThat(plain.managementKubeconfig()).isEqualTo(REPOSITORY.resolve("demo/target/demo-kubeconfig"));

    DemoOptions serving = DemoOptions.parse(List.of("--serve", "--step-timeout", "5"), REPOSITORY);
    assertThat(serving.serve()).isTrue();
    assertThat(serving.stepTimeout()).isEqualTo(Duration.ofSeconds(5));

    assertThatThrownBy(() -> DemoOptions.parse(List.of("--server"), REPOSITORY)).hasMessage("unknown option --server");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--step-timeout", "0"), REPOSITORY))
        .hasMessageContaining("positive number of seconds");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--step-timeout"), REPOSITORY))
        .hasMessageContaining("needs a number of seconds");
  }
}
