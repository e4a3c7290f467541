package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkDefaultsTest {
  private static final String MASTER = "spark://analytics-master.team-a.svc:7077";

  /** What Spark does with the file: java.util.Properties#load from a reader. */
  private static Map<String, String> loadAsSparkDoes(String file) throws IOException {
    Properties properties = new Properties();
    properties.load(new StringReader(file));
    Map<String, String> loaded = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> loaded.put(key, properties.getProperty(key)));
    return loaded;
  }

  @Test
  void valuesThatPropertiesSyntaxWouldMangleRoundTrip() throws IOException {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.driver.extraJavaOptions", "-Dpath=C:\\temp\\new -Da=b");
    conf.put("spark.a.equals", "=starts with a separator");
    conf.put("spark.a.colon", ":also a separator");
    conf.put("spark.a.comment", "#not a comment");
    conf.put("spark.a.bang", "!not a comment either");
    conf.put("spark.a.leading-blank", " padded");
    conf.put("spark.a.unicode", "grüße 日本 \uD83D\uDE00");
    conf.put("spark.a.shell", "$(touch /tmp/pwned) `id` ${HOME} ; rm -rf / && echo");
    conf.put("spark.a.trailing-backslash", "ends with \\");
    conf.put("spark.a.empty", "");

    String file = SparkDefaults.render(conf, MASTER);

    Map<String, String> expected = new TreeMap<>(conf);
    expected.put("spark.master", MASTER);
    assertThat(loadAsSparkDoes(file)).isEqualTo(expected);
    assertThat(file.chars()).as("plain ASCII").allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7f));
    assertThat(file.lines().filter(line -> !line.startsWith("#")).count()).isEqualTo(conf.size() + 1);
  }

  @Test
  void theFileStartsWithTheMasterAndListsEntriesSortedWhateverTheirOrder() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("spark.b", "2");
    one.put("spark.a", "1");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("spark.a", "1");
    other.put("spark.b", "2");
    String file = SparkDefaults.render(one, MASTER);
    assertThat(file).isEqualTo(SparkDefaults.render(other, MASTER));
    assertThat(file.lines().filter(line -> !line.startsWith("#")).toList())
        .containsExactly("spark.master=" + MASTER, "spark.a=1", "spark.b=2");
  }

  @Test
  void anEmptyOrMissingSparkConfGivesOnlyTheMaster() throws IOException {
    assertThat(loadAsSparkDoes(SparkDefaults.render(Map.of(), MASTER))).containsExactly(Map.entry("spark.master", MASTER));
    assertThat(loadAsSparkDoes(SparkDefaults.render(null, MASTER))).containsExactly(Map.entry("spark.master", MASTER));
    assertThat(SparkDefaults.validate(null)).isEmpty();
  }

  @Test
  void ordinarySparkPropertiesAreAccepted() {
    assertThat(SparkDefaults.validate(Map.of(
        "spark.executor.memory", "2g",
        "spark.hadoop.fs.s3a.bucket.my-bucket.endpoint", "https://s3.example.org",
        "spark.sql.catalog.spark_catalog", "org.apache.iceberg.spark.SparkSessionCatalog",
        "spark.executorEnv.JAVA_HOME", "/opt/java",
        "spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dkey=\"quoted value\"")))
        .isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "executor.memory", "spark.", "spark", "Spark.executor.memory", "spark..x", "spark.a b", "spark.a=b",
      "spark.a:b", "spark.a#b", "spark.a\\b", "spark.a\nspark.b", "spark.a\r", "spark.a\u0000", "spark.ä",
      " spark.a", "spark.a$(id)"})
  void keysThatAreNoSparkPropertyAreRejected(String key) {
    List<String> errors = SparkDefaults.validate(Map.of(key, "1"));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).startsWith("sparkConf key \"").contains("is not a Spark property");
    assertThat(errors.get(0)).as("printable ASCII only").matches("[\\x20-\\x7e]+");
    assertThatThrownBy(() -> SparkDefaults.render(Map.of(key, "1"), MASTER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nspark.master=local", "a\rb", "a\u0000b", "tab\tseparated", "a\u0085b", "a\u2028b",
      "a\u2029b", "\u001b[31mred"})
  void valuesWithLineBreaksOrControlCharactersAreRejectedWithoutEchoingThem(String value) {
    List<String> errors = SparkDefaults.validate(Map.of("spark.hadoop.fs.s3a.secret.key", value));
    assertThat(errors).containsExactly("sparkConf value of \"spark.hadoop.fs.s3a.secret.key\" contains a line break"
        + " or another control character");
    assertThatThrownBy(() -> SparkDefaults.render(Map.of("spark.hadoop.fs.s3a.secret.key", value), MASTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(value);
  }

  @Test
  void errorMessagesNeverContainValues() {
    String secret = "s3cr3t-Value";
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.hadoop.fs.s3a.secret.key", secret + "\n");
    conf.put("not.spark", secret);
    conf.put("spark.master", secret);
    conf.put("spark.long", secret.repeat(SparkDefaults.MAX_VALUE_LENGTH));
    List<String> errors = SparkDefaults.validate(conf);
    assertThat(errors).hasSize(4).noneMatch(error -> error.contains(secret));
  }

  @ParameterizedTest
  @ValueSource(strings = {"spark.master", "spark.master.ui.port", "spark.worker.ui.port"})
  void propertiesTheOperatorDecidesAreReserved(String key) {
    assertThat(SparkDefaults.validate(Map.of(key, "1")))
        .containsExactly("sparkConf key \"" + key + "\" is set by the operator and cannot be overridden");
  }

  @Test
  void oversizedKeysValuesAndFilesAreRejected() {
    String longKey = "spark." + "k".repeat(SparkDefaults.MAX_KEY_LENGTH);
    assertThat(SparkDefaults.validate(Map.of(longKey, "1"))).singleElement().asString()
        .contains("longer than 256 characters").contains("...");
    assertThat(SparkDefaults.validate(Map.of("spark.v", "v".repeat(SparkDefaults.MAX_VALUE_LENGTH))))
        .isEmpty();
    assertThat(SparkDefaults.validate(Map.of("spark.v", "v".repeat(SparkDefaults.MAX_VALUE_LENGTH + 1))))
        .containsExactly("sparkConf value of \"spark.v\" is longer than 16384 characters");
    Map<String, String> many = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      many.put("spark.entry" + i, "v".repeat(SparkDefaults.MAX_VALUE_LENGTH));
    }
    assertThat(SparkDefaults.validate(many)).singleElement().asString().startsWith("sparkConf is too large: ");
  }

  @Test
  void aMissingValueIsReported() {
    Map<String, String> conf = new TreeMap<>();
    conf.put("spark.x", null);
    assertThat(SparkDefaults.validate(conf)).containsExactly("sparkConf value of \"spark.x\" is missing");
  }
}
