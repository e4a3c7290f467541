package io.sparkmagnum.operator.runtime;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written the Go and Kubernetes way ({@code 15s}, {@code 5m}, {@code 1h30m},
 * {@code 1.5h}, {@code 250ms}): one or more decimal numbers, each followed by a unit out of ns, us
 * (or µs), ms, s, m, h. Unlike Go, a sign is not accepted: every setting that takes a duration
 * wants a positive one.
 */
public final class GoDurations {
  private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "µs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDurations() {}

  /**
   * @throws IllegalArgumentException when the text is not a duration in that form or exceeds about
   *     292 years (Go's limit too)
   */
  public static Duration parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    Matcher term = TERM.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    int position = 0;
    while (position < text.length()) {
      if (!term.find(position) || term.start() != position) {
        throw new IllegalArgumentException("not a duration: " + text);
      }
      BigDecimal amount = new BigDecimal(term.group(1));
      nanos = nanos.add(amount.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(term.group(2)))));
      position = term.end();
    }
    BigInteger wholeNanos = nanos.toBigInteger();
    if (wholeNanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range: " + text);
    }
    return Duration.ofNanos(wholeNanos.longValueExact());
  }

  /** Formats like Go's Duration.String() for whole seconds and above, e.g. 1h30m0s → "1h30m". */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    int millis = duration.toMillisPart();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0 || millis > 0) {
      text.append(seconds);
      if (millis > 0) {
        text.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
      }
      text.append('s');
    }
    return text.length() == 0 ? duration.toNanos() + "ns" : text.toString();
  }
}
