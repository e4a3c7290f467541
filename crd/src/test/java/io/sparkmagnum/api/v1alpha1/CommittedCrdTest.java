package io.sparkmagnum.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRD must be what the model generates, finished by {@link CrdFinisher}. After a model change,
 * {@code mvn -B -pl crd verify -Dcrd.update=true} rewrites crd/sparkclusters.sparkmagnum.io-v1.yml; commit it.
 */
class CommittedCrdTest {
  private static final boolean UPDATE = Boolean.getBoolean("crd.update");

  @Test
  void committedCrdIsTheFinishedGeneratedCrd() throws IOException {
    Path committed = CrdFiles.committedCrd();
    String expected = CrdFinisher.finish(CrdFiles.readString(CrdFiles.generatedCrd()));
    if (UPDATE) {
      Files.writeString(committed, expected);
      return;
    }
    assertThat(committed)
        .as("the committed CRD is missing; create it with `%s`", CrdFinisher.UPDATE_COMMAND)
        .exists();
    String actual = Files.readString(committed);
    if (!actual.equals(expected)) {
      fail("%s differs from the CRD the model generates, first at %s; if the model change is intended, run `%s` and commit the file"
          .formatted(committed, firstDifference(actual, expected), CrdFinisher.UPDATE_COMMAND));
    }
  }

  @Test
  void finisherOrdersPrinterColumnsLikeTheContract() {
    JsonNode finished = CrdFinisher.finish(generatedTree());

    assertThat(columnNames(finished)).containsExactlyElementsOf(CrdFinisher.PRINTER_COLUMN_ORDER);
  }

  @Test
  void finisherChangesNothingButColumnOrderAndRootDescription() {
    JsonNode generated = generatedTree();
    JsonNode finished = CrdFinisher.finish(generated);

    assertThat(finished.at("/spec/versions/0/schema/openAPIV3Schema/description").asText())
        .isEqualTo(CrdFinisher.ROOT_DESCRIPTION);
    assertThat(withoutFinishing(finished)).isEqualTo(withoutFinishing(generated));
  }

  @Test
  void finishedYamlReadsBackAsTheFinishedTree() throws IOException {
    String generatedYaml = CrdFiles.readString(CrdFiles.generatedCrd());

    String finishedYaml = CrdFinisher.finish(generatedYaml);

    assertThat(CrdFiles.YAML.readTree(finishedYaml)).isEqualTo(CrdFinisher.finish(generatedTree()));
    assertThat(CrdFinisher.finish(finishedYaml)).as("finishing twice changes nothing").isEqualTo(finishedYaml);
  }

  @Test
  void finisherRefusesPrinterColumnsThatAreNotTheContracts() {
    ObjectNode generated = (ObjectNode) generatedTree();
    ArrayNode columns = (ArrayNode) generated.at("/spec/versions/0/additionalPrinterColumns");
    columns.remove(0);

    assertThatThrownBy(() -> CrdFinisher.finish(generated))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("are not the contract's");
  }

  private static String firstDifference(String committed, String generated) {
    List<String> committedLines = committed.lines().toList();
    List<String> generatedLines = generated.lines().toList();
    int line = 0;
    while (line < committedLines.size() && line < generatedLines.size() && committedLines.get(line).equals(generatedLines.get(line))) {
      line++;
    }
    return "line %d: committed <%s>, generated <%s>".formatted(line + 1, lineOrEnd(committedLines, line), lineOrEnd(generatedLines, line));
  }

  private static String lineOrEnd(List<String> lines, int index) {
    return index < lines.size() ? lines.get(index).strip() : "end of file";
  }

  private static JsonNode generatedTree() {
    return CrdFiles.readYaml(CrdFiles.generatedCrd());
  }

  private static List<String> columnNames(JsonNode crd) {
    List<String> names = new ArrayList<>();
    crd.at("/spec/versions/0/additionalPrinterColumns").forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  /** The CRD with the printer columns sorted by name and without a root description: what the finisher may change. */
  private static JsonNode withoutFinishing(JsonNode crd) {
    ObjectNode copy = crd.deepCopy();
    for (JsonNode version : copy.path("spec").path("versions")) {
      List<JsonNode> columns = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(columns::add);
      columns.sort((a, b) -> a.path("name").asText().compareTo(b.path("name").asText()));
      ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(columns);
      ((ObjectNode) version.path("schema").path("openAPIV3Schema")).remove("description");
    }
    return copy;
  }
}
