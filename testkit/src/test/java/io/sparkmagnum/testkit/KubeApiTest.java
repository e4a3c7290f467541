package io.sparkmagnum.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeApiTest {
  @Test
  void theRequestLogTellsClientsApartByTheirUserAgent() {
    try (KubeApi api = new KubeApi(); KubernetesClient operator = api.newClient("spark-magnum-operator/test")) {
      api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns").endMetadata().build())
          .create();
      operator.configMaps().inNamespace("ns").resource(new ConfigMapBuilder().withNewMetadata().withName("c")
          .endMetadata().build()).create();

      assertThat(api.requests())
          .filteredOn(r -> "spark-magnum-operator/test".equals(r.userAgent()))
          .extracting(KubeApi.Request::method, KubeApi.Request::path)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/api/v1/namespaces/ns/configmaps"));
      assertThat(api.requests()).filteredOn(r -> r.path().equals("/api/v1/namespaces")).singleElement()
          .satisfies(r -> assertThat(r.userAgent()).startsWith("fabric8-kubernetes-client/"));

      api.resetRequests();
      assertThat(api.requests()).isEmpty();
    }
  }

  @Test
  void writesAKubeconfigThatReachesTheApi(@TempDir Path dir) throws Exception {
    try (KubeApi api = new KubeApi()) {
      api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
          .build()).create();
      Path file = api.writeKubeconfig(dir.resolve("sub").resolve("kubeconfig"), "team-a");

      Config config = Config.fromKubeconfig(Files.readString(file));
      assertThat(config.getMasterUrl()).startsWith(api.url());
      assertThat(config.getNamespace()).isEqualTo("team-a");
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
        assertThat(client.namespaces().withName("team-a").get()).isNotNull();
      }
    }
  }
}
