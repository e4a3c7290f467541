package io.sparkmagnum.simulator;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A handle on one injected fault: how often it struck, and a way to lift it early. */
public final class InjectedFault {
  private static final int UNLIMITED = -1;

  private final String description;
  private final AtomicInteger remaining;
  private final AtomicInteger applied = new AtomicInteger();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  InjectedFault(String description, int times) {
    if (times != UNLIMITED && times < 1) {
      throw new IllegalArgumentException("times must be at least 1: " + times);
    }
    this.description = description;
    this.remaining = new AtomicInteger(times);
  }

  static InjectedFault untilCleared(String description) {
    return new InjectedFault(description, UNLIMITED);
  }

  /** Takes one use of the fault; false once it is used up or cancelled. */
  boolean tryApply() {
    if (cancelled.get()) {
      return false;
    }
    int left;
    do {
      left = remaining.get();
      if (left == 0) {
        return false;
      }
    } while (left != UNLIMITED && !remaining.compareAndSet(left, left - 1));
    applied.incrementAndGet();
    return true;
  }

  /** How many requests (or cluster operations) this fault has struck so far. */
  public int timesApplied() {
    return applied.get();
  }

  /** True while the fault may still strike. */
  public boolean active() {
    return !cancelled.get() && remaining.get() != 0;
  }

  /** Lifts the fault; requests from now on are answered normally. */
  public void cancel() {
    cancelled.set(true);
  }

  @Override
  public String toString() {
    return "InjectedFault[" + description + ", applied=" + applied + ", active=" + active() + "]";
  }
}
