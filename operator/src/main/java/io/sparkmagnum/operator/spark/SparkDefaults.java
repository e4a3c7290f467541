package io.sparkmagnum.operator.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code spark-defaults.conf} of a SparkCluster: spec.sparkConf plus {@code spark.master}, rendered once for
 * the master, the workers and the driver.
 *
 * <p>Spark reads the file with {@link java.util.Properties#load(java.io.Reader)}; nothing of it ever reaches a
 * shell (the operator renders no spark-env.sh). Keys are restricted to Spark property syntax and values are escaped,
 * so an entry can neither start another property nor a comment. Error messages name keys but never echo values,
 * which may be credentials (e.g. spark.hadoop.fs.s3a.secret.key).
 */
public final class SparkDefaults {
  public static final String FILE_NAME = "spark-defaults.conf";

  public static final int MAX_KEY_LENGTH = 256;
  public static final int MAX_VALUE_LENGTH = 16 * 1024;
  /** Well below the 1 MiB limit of a ConfigMap. */
  public static final int MAX_RENDERED_BYTES = 256 * 1024;

  /**
   * Properties the operator decides: the master URL, and the UI ports the probes, the Service and the status read.
   */
  public static final Set<String> RESERVED_KEYS = Set.of("spark.master", "spark.master.ui.port", "spark.worker.ui.port");

  private static final Pattern KEY = Pattern.compile("spark\\.[A-Za-z0-9][A-Za-z0-9._-]*");

  private SparkDefaults() {}

  /**
   * Checks spec.sparkConf.
   *
   * @return human-readable errors, one per offending entry, empty when the entries are acceptable
   */
  public static List<String> validate(Map<String, String> sparkConf) {
    List<String> errors = new ArrayList<>();
    if (sparkConf == null) {
      return errors;
    }
    for (Map.Entry<String, String> entry : new TreeMap<>(sparkConf).entrySet()) {
      String key = entry.getKey();
      String shownKey = "sparkConf key " + quoted(key);
      if (key.length() > MAX_KEY_LENGTH) {
        errors.add(shownKey + " is longer than " + MAX_KEY_LENGTH + " characters");
      } else if (!KEY.matcher(key).matches()) {
        errors.add(shownKey + " is not a Spark property: it must start with \"spark.\" followed by letters, digits,"
            + " '.', '_' or '-'");
      } else if (RESERVED_KEYS.contains(key)) {
        errors.add(shownKey + " is set by the operator and cannot be overridden");
      }
      String value = entry.getValue();
      if (value == null) {
        errors.add("sparkConf value of " + quoted(key) + " is missing");
      } else if (value.length() > MAX_VALUE_LENGTH) {
        errors.add("sparkConf value of " + quoted(key) + " is longer than " + MAX_VALUE_LENGTH + " characters");
      } else if (value.codePoints().anyMatch(SparkDefaults::isLineOrControl)) {
        errors.add("sparkConf value of " + quoted(key) + " contains a line break or another control character");
      }
    }
    if (errors.isEmpty()) {
      int size = body(sparkConf).getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_RENDERED_BYTES) {
        errors.add("sparkConf is too large: " + size + " bytes rendered, at most " + MAX_RENDERED_BYTES);
      }
    }
    return errors;
  }

  /**
   * The file's content: a header, {@code spark.master}, then the entries sorted by key (stable output, so that its
   * hash changes only when the content does).
   *
   * @throws IllegalArgumentException if {@link #validate} reports errors
   */
  public static String render(Map<String, String> sparkConf, String masterUrl) {
    List<String> errors = validate(sparkConf);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    return "# Written by spark-magnum-operator from the SparkCluster's spec.sparkConf; edits here are overwritten.\n"
        + line("spark.master", masterUrl)
        + body(sparkConf);
  }

  private static String body(Map<String, String> sparkConf) {
    StringBuilder out = new StringBuilder();
    if (sparkConf != null) {
      new TreeMap<>(sparkConf).forEach((key, value) -> out.append(line(key, value)));
    }
    return out.toString();
  }

  private static String line(String key, String value) {
    return escape(key, true) + "=" + escape(value, false) + "\n";
  }

  /**
   * Escapes for {@link java.util.Properties#load}: backslash, separators and comment starts in keys, a leading blank
   * of a value, and everything outside printable ASCII as a unicode escape, so the file is plain ASCII.
   */
  private static String escape(String text, boolean isKey) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == ' ' && (isKey || i == 0)) {
        out.append("\\ ");
      } else if (isKey && (c == '=' || c == ':' || c == '#' || c == '!')) {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isLineOrControl(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  /** A key as it can appear in a message: plain ASCII, everything else escaped, long keys shortened. */
  private static String quoted(String key) {
    StringBuilder shown = new StringBuilder("\"");
    key.codePoints().limit(64).forEach(cp -> {
      if (cp < 0x20 || cp > 0x7e || cp == '"' || cp == '\\') {
        shown.append(String.format("\\u%04x", cp));
      } else {
        shown.appendCodePoint(cp);
      }
    });
    if (key.codePointCount(0, key.length()) > 64) {
      shown.append("...");
    }
    return shown.append('"').toString();
  }
}
