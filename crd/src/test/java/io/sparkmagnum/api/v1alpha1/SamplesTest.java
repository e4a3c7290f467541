package io.sparkmagnum.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The samples in samples/ do what their comments promise and fit together; schema and CEL checks are elsewhere. */
class SamplesTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String SECRET_NAME = "openstack-credentials";
  /** A placeholder the user replaces, e.g. {@code <password>}. */
  private static final String PLACEHOLDER = "^<[a-z-]+>$";

  static Stream<Named<Path>> allSamples() {
    return CrdFiles.named(CrdFiles.yamlFiles(CrdFiles.samplesDir()));
  }

  static Stream<Named<Path>> sparkClusterSamples() {
    return CrdFiles.named(Samples.sparkClusters());
  }

  static Stream<Named<Path>> secretSamples() {
    return CrdFiles.named(Samples.secrets());
  }

  @Test
  void samplesAreTheDocumentedOnes() {
    assertThat(CrdFiles.yamlFiles(CrdFiles.samplesDir())).extracting(f -> f.getFileName().toString()).containsExactlyInAnyOrder(
        "sparkcluster-minimal.yaml", "sparkcluster-adopt.yaml", "secret-password.yaml", "secret-application-credential.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allSamples")
  void sampleLeavesTheNamespaceToKubectl(Path sample) {
    assertThat(CrdFiles.readYamlDocuments(sample)).singleElement()
        .satisfies(document -> assertThat(document.path("metadata").has("namespace")).isFalse());
  }

  @Test
  void minimalSampleCreatesItsBayFromATemplate() {
    SparkCluster cluster = sparkCluster("sparkcluster-minimal.yaml");

    assertThat(cluster.getMetadata().getName()).isEqualTo("analytics");
    assertThat(cluster.getSpec().getCloud().getSecretName()).isEqualTo(SECRET_NAME);
    assertThat(cluster.getSpec().getBay().getTemplate()).isEqualTo("k8s-model");
    assertThat(cluster.getSpec().getBay().getName()).isNull();
  }

  @Test
  void adoptSampleAdoptsK8sbayWithAnExternalMasterAndADriver() {
    SparkCluster cluster = sparkCluster("sparkcluster-adopt.yaml");

    assertThat(cluster.getSpec().getCloud().getSecretName()).isEqualTo(SECRET_NAME);
    assertThat(cluster.getSpec().getBay().getName()).isEqualTo("k8sbay");
    assertThat(cluster.getSpec().getBay().getTemplate()).isNull();
    assertThat(cluster.getSpec().getMaster().getServiceType()).isEqualTo(ServiceType.LoadBalancer);
    assertThat(cluster.getSpec().getDriver().getEnabled()).isTrue();
    assertThat(cluster.getSpec().getSparkConf()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("secretSamples")
  void secretHoldsACloudsYamlWithTheDefaultCloud(Path sample) throws Exception {
    JsonNode secret = CrdFiles.readYaml(sample);

    assertThat(secret.at("/metadata/name").asText()).isEqualTo(SECRET_NAME);
    assertThat(secret.path("stringData").has(CloudSpec.CACERT_KEY)).as("cacert is only shown, commented out").isFalse();
    assertThat(CrdFiles.readString(sample)).contains("# " + CloudSpec.CACERT_KEY + ": |");
    JsonNode cloud = cloudsYaml(secret).at("/clouds/" + CloudSpec.DEFAULT_CLOUD_NAME);
    assertThat(cloud.at("/auth/auth_url").asText()).startsWith("https://").endsWith("/v3");
    assertThat(cloud.path("region_name").asText()).isNotBlank();
    assertThat(cloud.path("interface").asText()).isEqualTo("public");
  }

  @Test
  void passwordSecretNamesUserProjectAndDomainsWithPlaceholders() throws Exception {
    JsonNode auth = cloudsYaml(CrdFiles.readYaml(sample("secret-password.yaml"))).at("/clouds/openstack/auth");

    assertThat(auth.path("password").asText()).matches(PLACEHOLDER);
    for (String key : List.of("username", "project_name")) {
      assertThat(auth.path(key).asText()).as(key).matches(PLACEHOLDER);
    }
    assertThat(auth.path("user_domain_name").asText()).isNotBlank();
    assertThat(auth.path("project_domain_name").asText()).isNotBlank();
  }

  @Test
  void applicationCredentialSecretUsesTheV3ApplicationCredentialType() throws Exception {
    JsonNode cloud = cloudsYaml(CrdFiles.readYaml(sample("secret-application-credential.yaml"))).at("/clouds/openstack");

    assertThat(cloud.path("auth_type").asText()).isEqualTo("v3applicationcredential");
    assertThat(cloud.at("/auth/application_credential_id").asText()).matches(PLACEHOLDER);
    assertThat(cloud.at("/auth/application_credential_secret").asText()).matches(PLACEHOLDER);
    assertThat(cloud.path("auth").has("password")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sparkClusterSamples")
  void sparkClusterUsesTheSampleSecretAndACloudItDefines(Path sample) throws Exception {
    CloudSpec cloudSpec = SERIALIZATION.unmarshal(CrdFiles.readString(sample), SparkCluster.class).getSpec().getCloud();

    assertThat(cloudSpec.getSecretName()).isEqualTo(SECRET_NAME);
    for (Path secret : Samples.secrets()) {
      assertThat(cloudsYaml(CrdFiles.readYaml(secret)).path("clouds").has(cloudSpec.getCloudName()))
          .as("%s defines cloud %s", secret.getFileName(), cloudSpec.getCloudName())
          .isTrue();
    }
  }

  private static SparkCluster sparkCluster(String fileName) {
    return SERIALIZATION.unmarshal(CrdFiles.readString(sample(fileName)), SparkCluster.class);
  }

  private static Path sample(String fileName) {
    return CrdFiles.samplesDir().resolve(fileName);
  }

  private static JsonNode cloudsYaml(JsonNode secret) throws Exception {
    return CrdFiles.YAML.readTree(secret.path("stringData").path(CloudSpec.CLOUDS_YAML_KEY).asText());
  }
}
