package io.sparkmagnum.api.v1alpha1;

import java.nio.file.Path;
import java.util.List;

/** The files in samples/, by kind. */
final class Samples {
  private Samples() {}

  static List<Path> sparkClusters() {
    return ofKind("SparkCluster");
  }

  static List<Path> secrets() {
    return ofKind("Secret");
  }

  private static List<Path> ofKind(String kind) {
    return CrdFiles.yamlFiles(CrdFiles.samplesDir()).stream()
        .filter(sample -> kind.equals(CrdFiles.readYaml(sample).path("kind").asText()))
        .toList();
  }
}
