package io.sparkmagnum.operator.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * The histogram {@code sparkmagnum_bay_provisioning_seconds{outcome="..."}}: how long Magnum took
 * to create a bay, from the create call until the bay reached CREATE_COMPLETE ({@code complete}) or
 * CREATE_FAILED ({@code failed}). Buckets span the minutes to hours a bay really takes.
 */
public final class BayProvisioningMetrics {
  public static final String NAME = "sparkmagnum.bay.provisioning";

  /** How a bay creation ended. */
  public enum Outcome {
    COMPLETE,
    FAILED;

    String tag() {
      return name().toLowerCase();
    }
  }

  private static final Duration[] BUCKETS = {
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(3),
    Duration.ofMinutes(5),
    Duration.ofMinutes(7),
    Duration.ofMinutes(10),
    Duration.ofMinutes(15),
    Duration.ofMinutes(20),
    Duration.ofMinutes(30),
    Duration.ofMinutes(45),
    Duration.ofMinutes(60),
    Duration.ofMinutes(90),
    Duration.ofMinutes(120)
  };

  private final Timer complete;
  private final Timer failed;

  public BayProvisioningMetrics(MeterRegistry registry) {
    this.complete = timer(registry, Outcome.COMPLETE);
    this.failed = timer(registry, Outcome.FAILED);
  }

  /**
   * Records one bay creation that ended after {@code duration}. A negative duration (clocks of the
   * operator and Magnum disagreeing) is not recorded: a metric call must never fail a reconcile.
   */
  public void record(Duration duration, Outcome outcome) {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(outcome, "outcome");
    if (!duration.isNegative()) {
      (outcome == Outcome.COMPLETE ? complete : failed).record(duration);
    }
  }

  private static Timer timer(MeterRegistry registry, Outcome outcome) {
    return Timer.builder(NAME)
        .description("Time from a bay create call until Magnum reported it complete or failed")
        .tag("outcome", outcome.tag())
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
