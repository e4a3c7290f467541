package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real openstack CLI (Debian python3-openstackclient + python3-magnumclient) against the
 * simulator: keystoneauth discovery, the catalog, microversion "latest" and the certificate flow
 * of "coe cluster config". Skipped where the CLI is not installed.
 */
@Tag("integration")
class OpenStackCliIT {
  private static final Path CLI = Path.of("/usr/bin/openstack");
  private static OpenStackSimulator sim;

  @BeforeAll
  static void start() {
    assumeTrue(Files.isExecutable(CLI), "the Debian openstack CLI is not installed");
    sim = OpenStackSimulator.builder().demoSeed().start();
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void listsAndShowsClustersAndTemplates() throws Exception {
    JsonNode clusters = json(openstack("coe", "cluster", "list", "-f", "json"));
    assertThat(clusters).hasSize(1);
    assertThat(clusters.get(0).get("name").asText()).isEqualTo(DemoCloud.CLUSTER_NAME);
    assertThat(clusters.get(0).get("status").asText()).isEqualTo("CREATE_COMPLETE");

    JsonNode cluster = json(openstack("coe", "cluster", "show", DemoCloud.CLUSTER_NAME, "-f", "json"));
    assertThat(cluster.get("uuid").asText()).isEqualTo(DemoCloud.CLUSTER_UUID);
    assertThat(cluster.get("status_reason").asText()).isEqualTo("Stack CREATE completed successfully");
    assertThat(cluster.get("api_address").asText()).startsWith("https://");

    JsonNode templates = json(openstack("coe", "cluster", "template", "list", "-f", "json"));
    assertThat(templates).extracting(template -> template.get("name").asText())
        .containsExactly(DemoCloud.TEMPLATE_NAME, DemoCloud.PLAIN_HTTP_TEMPLATE_NAME);
    assertThat(sim.counters().magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(1);
  }

  @Test
  void clusterConfigFetchesTheCaAndHasACsrSigned(@TempDir Path dir) throws Exception {
    long signedBefore = sim.counters().magnumCalls(Operations.CERTIFICATES_SIGN);

    openstack("coe", "cluster", "config", DemoCloud.CLUSTER_NAME, "--dir", dir.toString());

    String kubeconfig = Files.readString(dir.resolve("config"));
    assertThat(kubeconfig).contains("certificate-authority-data:").contains("client-certificate-data:");
    assertThat(sim.counters().magnumCalls(Operations.CERTIFICATES_SIGN)).isEqualTo(signedBefore + 1);
  }

  private static String openstack(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(CLI.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", "/usr/bin:/bin");
    env.put("SHELL", "/bin/sh");
    env.put("HOME", System.getProperty("java.io.tmpdir"));
    env.putAll(
        Map.of(
            "OS_AUTH_URL", sim.authUrl(),
            "OS_USERNAME", DemoCloud.USER_NAME,
            "OS_PASSWORD", DemoCloud.PASSWORD,
            "OS_PROJECT_NAME", DemoCloud.PROJECT_NAME,
            "OS_USER_DOMAIN_NAME", DemoCloud.DOMAIN_NAME,
            "OS_PROJECT_DOMAIN_NAME", DemoCloud.DOMAIN_NAME,
            "OS_IDENTITY_API_VERSION", "3",
            "OS_REGION_NAME", "RegionOne"));
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("openstack %s said: %s", String.join(" ", args), output).isZero();
    return output;
  }

  private static JsonNode json(String output) throws IOException {
    return ApiClient.MAPPER.readTree(output);
  }
}
