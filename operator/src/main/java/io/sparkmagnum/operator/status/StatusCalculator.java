package io.sparkmagnum.operator.status;

import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the findings of one reconcile into the status to store: conditions (keeping
 * lastTransitionTime while a condition's status does not change), the Ready summary and the phase.
 * Pure: the clock is injected.
 */
public final class StatusCalculator {
  private static final List<String> COMPONENT_TYPES =
      List.of(Reasons.BAY_READY, Reasons.MASTER_READY, Reasons.WORKERS_READY);

  private final Clock clock;

  public StatusCalculator(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param previous the stored status (may be null)
   * @param observed the new status with bay/master/workers filled in; its conditions are replaced
   * @param findings one finding per component condition type that was evaluated; component types
   *     without a finding become Unknown, waiting on the first failed one
   * @param generation metadata.generation of the spec the findings come from
   * @param deleting whether the SparkCluster is being deleted
   */
  public SparkClusterStatus compute(
      SparkClusterStatus previous,
      SparkClusterStatus observed,
      List<Finding> findings,
      long generation,
      boolean deleting) {
    Map<String, Finding> byType = new LinkedHashMap<>();
    findings.forEach(f -> byType.put(f.type(), f));
    Optional<Finding> firstProblem =
        COMPONENT_TYPES.stream().map(byType::get).filter(f -> f != null && !f.isTrue()).findFirst();
    for (String type : COMPONENT_TYPES) {
      byType.computeIfAbsent(type, t -> Finding.unknown(t, Reasons.BAY_NOT_READY,
          firstProblem.map(p -> "Waiting for " + p.type() + ": " + p.message()).orElse("Not evaluated yet.")));
    }
    Finding ready = readyFinding(byType, firstProblem, deleting);

    List<Condition> conditions = new ArrayList<>();
    conditions.add(condition(previous, ready, generation));
    for (String type : COMPONENT_TYPES) {
      conditions.add(condition(previous, byType.get(type), generation));
    }
    observed.setConditions(conditions);
    observed.setObservedGeneration(generation);
    observed.setPhase(phase(previous, ready, byType, generation, deleting));
    return observed;
  }

  private static Finding readyFinding(Map<String, Finding> byType, Optional<Finding> firstProblem, boolean deleting) {
    if (deleting) {
      // say what the deletion waits for, when something blocks it
      return firstProblem
          .filter(p -> Reasons.WARNINGS.contains(p.reason()))
          .map(p -> Finding.notOk(Reasons.READY, p.reason(), "The deletion waits: " + p.message()))
          .orElseGet(() -> Finding.notOk(Reasons.READY, Reasons.DELETING, "The SparkCluster is being deleted."));
    }
    Optional<Finding> problem = firstProblem.or(() ->
        COMPONENT_TYPES.stream().map(byType::get).filter(f -> !f.isTrue()).findFirst());
    return problem
        .map(p -> Finding.notOk(Reasons.READY, p.reason(), p.message()))
        .orElseGet(() -> Finding.ok(Reasons.READY, Reasons.CLUSTER_READY,
            "The bay is ready, the Spark master is running and "
                + byType.get(Reasons.WORKERS_READY).message() + "."));
  }

  private static Phase phase(
      SparkClusterStatus previous, Finding ready, Map<String, Finding> byType, long generation, boolean deleting) {
    if (deleting) {
      return Phase.Deleting;
    }
    if (ready.isTrue()) {
      return Phase.Running;
    }
    if (Reasons.NEED_USER_ACTION.contains(ready.reason())) {
      return Phase.Failed;
    }
    Phase before = previous == null ? null : previous.getPhase();
    boolean wasRunning = before == Phase.Running || before == Phase.Degraded;
    boolean specUnchanged = previous != null && previous.getObservedGeneration() != null
        && previous.getObservedGeneration() == generation;
    if (!byType.get(Reasons.BAY_READY).isTrue()) {
      if (Reasons.PROVISIONING.contains(ready.reason())) {
        return Phase.Provisioning;
      }
      return wasRunning ? Phase.Degraded : Phase.Pending;
    }
    // The bay is fine, Spark is not (yet) all there: after a spec change it is being deployed,
    // without one something broke.
    return wasRunning && specUnchanged ? Phase.Degraded : Phase.Deploying;
  }

  private Condition condition(SparkClusterStatus previous, Finding finding, long generation) {
    Condition condition = new Condition(finding.type(), finding.status(), finding.reason(), finding.message());
    condition.setObservedGeneration(generation);
    Optional<Condition> before = previous == null ? Optional.empty() : previous.condition(finding.type());
    condition.setLastTransitionTime(before
        .filter(b -> finding.status().equals(b.getStatus()) && b.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElseGet(() -> Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()));
    return condition;
  }
}
