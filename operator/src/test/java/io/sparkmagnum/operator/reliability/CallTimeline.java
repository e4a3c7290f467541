package io.sparkmagnum.operator.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When calls arrived, to within a few milliseconds: samples a counter of the simulator (which counts
 * a request as it arrives) and notes the time of every increase.
 */
final class CallTimeline implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 2;

  private final LongSupplier counter;
  private final List<Instant> calls = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "call-timeline");
    thread.setDaemon(true);
    return thread;
  });
  private long seen;

  CallTimeline(LongSupplier counter) {
    this.counter = counter;
    this.seen = counter.getAsLong();
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    long now = counter.getAsLong();
    Instant at = Instant.now();
    for (; seen < now; seen++) {
      calls.add(at);
    }
  }

  List<Instant> calls() {
    return List.copyOf(calls);
  }

  /** The pauses between consecutive calls of the first {@code count}. */
  List<Duration> gaps(int count) {
    List<Instant> first = calls().subList(0, count);
    List<Duration> gaps = new ArrayList<>();
    for (int i = 1; i < first.size(); i++) {
      gaps.add(Duration.between(first.get(i - 1), first.get(i)));
    }
    return gaps;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
