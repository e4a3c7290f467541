package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each {@code in-<case>.yaml} SparkCluster gives objects that must equal their
 * {@code out-<case>-<Kind>-<name>.yaml}, and no out file may be left without an object. Run with
 * {@code -Dgolden.update=true} to rewrite the out files from the builders (then review the diff).
 */
class SparkObjectsGoldenTest {
  /** The sources, not target/test-classes, so that an update lands in the repository (surefire runs in basedir). */
  private static final Path GOLDEN_DIR = Path.of("src", "test", "resources", "spark", "golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Pattern IN_FILE = Pattern.compile("in-(.+)\\.yaml");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @TestFactory
  Stream<DynamicTest> everyObjectMatchesItsGoldenFile() throws IOException {
    Map<String, String> produced = produceAll();
    assertThat(produced).as("objects produced from %s", GOLDEN_DIR.toAbsolutePath()).isNotEmpty();
    return produced.entrySet().stream().map(entry -> DynamicTest.dynamicTest(entry.getKey(), () -> {
      Path golden = GOLDEN_DIR.resolve(entry.getKey());
      if (UPDATE) {
        Files.writeString(golden, entry.getValue());
      }
      assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
      assertThat(entry.getValue()).isEqualTo(Files.readString(golden));
    }));
  }

  @Test
  void everyGoldenFileBelongsToAProducedObject() throws IOException {
    Set<String> produced = produceAll().keySet();
    Set<String> unused;
    try (Stream<Path> files = Files.list(GOLDEN_DIR)) {
      unused = files.map(file -> file.getFileName().toString())
          .filter(file -> file.startsWith("out-") && !produced.contains(file))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    if (UPDATE) {
      for (String file : unused) {
        Files.delete(GOLDEN_DIR.resolve(file));
      }
      return;
    }
    assertThat(unused).as("golden files no case produces (remove them, or run with -Dgolden.update=true)").isEmpty();
  }

  @Test
  void everyCaseIsCovered() throws IOException {
    assertThat(cases()).containsExactlyInAnyOrder("full", "minimal", "named-spark", "zero-workers");
  }

  /** File name of every produced object, mapped to its YAML. */
  private static Map<String, String> produceAll() throws IOException {
    Map<String, String> produced = new LinkedHashMap<>();
    for (String caseName : cases()) {
      SparkCluster cluster;
      try (InputStream in = Files.newInputStream(GOLDEN_DIR.resolve("in-" + caseName + ".yaml"))) {
        cluster = SERIALIZATION.unmarshal(in, SparkCluster.class);
      }
      DesiredSparkObjects desired = SparkObjects.desired(cluster);
      List<HasMetadata> objects = new ArrayList<>();
      objects.add(desired.namespace());
      objects.addAll(desired.namespaced());
      for (HasMetadata object : objects) {
        String file = "out-" + caseName + "-" + object.getKind() + "-" + object.getMetadata().getName() + ".yaml";
        String previous = produced.put(file, SERIALIZATION.asYaml(object));
        assertThat(previous).as("two objects map to %s", file).isNull();
      }
    }
    return produced;
  }

  private static List<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(GOLDEN_DIR)) {
      return files.map(file -> IN_FILE.matcher(file.getFileName().toString()))
          .filter(Matcher::matches)
          .map(matcher -> matcher.group(1))
          .sorted()
          .toList();
    }
  }
}
