package io.sparkmagnum.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** The demo's screen: whole lines from any thread, each status line stamped with the time since start. */
final class Console {
  private static final String INDENT = "         ";

  private final PrintStream out;
  private final Clock clock;
  private final Instant start;

  Console(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
    this.start = clock.instant();
  }

  /** A line as it is. */
  synchronized void line(String text) {
    out.println(text);
    out.flush();
  }

  /** A line stamped with the seconds since the demo started, e.g. "[  4.2s] ...". */
  synchronized void stamped(String text) {
    line(String.format(Locale.ROOT, "[%5.1fs] %s", elapsed().toMillis() / 1000.0, text));
  }

  /** A line under the previous stamped one. */
  synchronized void detail(String text) {
    line(INDENT + text);
  }

  Duration elapsed() {
    return Duration.between(start, clock.instant());
  }
}
