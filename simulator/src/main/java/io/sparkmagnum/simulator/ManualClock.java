package io.sparkmagnum.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that only moves when told to, so that tests drive token expiry and cluster status
 * transitions without sleeping. Thread-safe.
 */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock standing at the current wall-clock second. */
  public static ManualClock startingNow() {
    return new ManualClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + amount);
    }
    now.updateAndGet(instant -> instant.plus(amount));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("the simulator works in UTC");
  }
}
