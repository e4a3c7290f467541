package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/** The files the tests read: the CRDs and samples the build points at, the fixtures on the class path. */
final class CrdFiles {
  static final YAMLMapper YAML = new YAMLMapper();

  private CrdFiles() {}

  /** The CRD committed in crd/, which users and deploy/ apply. */
  static Path committedCrd() {
    return pathFromBuild("committed.crd");
  }

  /** The CRD the fabric8 generator wrote from the model in this build. */
  static Path generatedCrd() {
    return pathFromBuild("generated.crd");
  }

  static Path samplesDir() {
    return pathFromBuild("samples.dir");
  }

  /** A directory under src/test/resources/fixtures. */
  static Path fixtures(String directory) {
    URL url = CrdFiles.class.getResource("/fixtures/" + directory);
    if (url == null) {
      throw new IllegalStateException("no fixtures directory " + directory + " on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The *.yaml files of a directory, by name. */
  static List<Path> yamlFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files as test arguments named by their file name. */
  static Stream<Named<Path>> named(List<Path> files) {
    return files.stream().map(file -> Named.of(file.getFileName().toString(), file));
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Every document of a multi-document YAML file, in order. */
  static List<JsonNode> readYamlDocuments(Path file) {
    try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
      return documents.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The openAPIV3Schema of the CRD's v1alpha1 version. */
  static JsonNode openApiV3Schema(JsonNode crd) {
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (SparkCluster.VERSION.equals(version.path("name").asText())) {
        return version.path("schema").path("openAPIV3Schema");
      }
    }
    throw new IllegalStateException("the CRD has no version " + SparkCluster.VERSION);
  }

  /** The openAPIV3Schema of the committed CRD, which the API server enforces. */
  static JsonNode committedSchema() {
    return openApiV3Schema(readYaml(committedCrd()));
  }

  private static Path pathFromBuild(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven (crd/pom.xml sets it)");
    }
    return Path.of(value);
  }
}
