package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Reads the install manifests of deploy/ as the operator's tests see them. */
final class DeployManifests {
  static final String NAMESPACE = "spark-magnum-operator";
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private DeployManifests() {}

  static Path deployDir() {
    Path dir = Path.of(System.getProperty("deploy.dir", "../deploy")).toAbsolutePath().normalize();
    assertThat(dir.resolve("kustomization.yaml")).as("deploy/ of the repository").isRegularFile();
    return dir;
  }

  /** The documents of a YAML file (or of kubectl's output), as plain maps. */
  static List<Map<String, Object>> documents(String yaml) {
    List<Map<String, Object>> documents = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var values = YAML.readValues(parser, new TypeReference<Map<String, Object>>() {});
      while (values.hasNext()) {
        Map<String, Object> document = values.next();
        if (document != null && !document.isEmpty()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }

  static List<Map<String, Object>> documents(Path file) {
    try {
      return documents(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> kustomization(Path dir) {
    return documents(dir.resolve("kustomization.yaml")).get(0);
  }

  /** The objects of the files listed under {@code resources} of deploy/kustomization.yaml. */
  @SuppressWarnings("unchecked")
  static List<HasMetadata> objects() {
    Path dir = deployDir();
    List<HasMetadata> objects = new ArrayList<>();
    for (String resource : (List<String>) kustomization(dir).get("resources")) {
      for (Map<String, Object> document : documents(dir.resolve(resource))) {
        objects.add(typed(document));
      }
    }
    return objects;
  }

  /** The fabric8 model object of a manifest; fails for a kind fabric8 does not know. */
  static HasMetadata typed(Map<String, Object> document) {
    HasMetadata object = KUBERNETES.convertValue(document, HasMetadata.class);
    assertThat(object.getClass().getSimpleName())
        .as("%s/%s is a known kind", document.get("kind"), object.getMetadata().getName())
        .isNotEqualTo("GenericKubernetesResource");
    return object;
  }

  /** A model object as the map its YAML would be. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object object) {
    return KUBERNETES.convertValue(object, Map.class);
  }

  static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> kind) {
    List<T> ofKind = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(ofKind).as("objects of kind %s", kind.getSimpleName()).hasSize(1);
    return ofKind.get(0);
  }

  static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
    return objects.stream()
        .filter(kind::isInstance)
        .map(kind::cast)
        .filter(object -> Objects.equals(object.getMetadata().getName(), name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named " + name));
  }
}
