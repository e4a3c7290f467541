package io.sparkmagnum.simulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Magnum API microversion such as 1.11, ordered by major then minor. */
record Microversion(int major, int minor) implements Comparable<Microversion> {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  /** Parses "1.11"; throws IllegalArgumentException on anything else. */
  static Microversion parse(String text) {
    Matcher matcher = VERSION.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a microversion: '" + text + "'");
    }
    return new Microversion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /** Parses "1.11" or returns null when the text is not a version. */
  static Microversion parseOrNull(String text) {
    return VERSION.matcher(text.trim()).matches() ? parse(text) : null;
  }

  boolean atLeast(int wantedMajor, int wantedMinor) {
    return compareTo(new Microversion(wantedMajor, wantedMinor)) >= 0;
  }

  @Override
  public int compareTo(Microversion other) {
    return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
