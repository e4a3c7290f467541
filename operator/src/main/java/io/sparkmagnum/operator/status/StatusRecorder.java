package io.sparkmagnum.operator.status;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.sparkmagnum.api.v1alpha1.BayStatus;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import java.util.List;
import java.util.Objects;

/**
 * Writes the status subresource (a JSON patch against the cached object, retried on conflict, the
 * result cached for the next reconcile), and only when it differs from what is stored.
 */
public class StatusRecorder {
  private final StatusCalculator calculator;

  public StatusRecorder(StatusCalculator calculator) {
    this.calculator = calculator;
  }

  /** Computes the full status from the findings and writes it when it changed; returns the new status. */
  public SparkClusterStatus record(
      SparkCluster cluster, Context<SparkCluster> context, SparkClusterStatus observed, List<Finding> findings,
      boolean deleting) {
    SparkClusterStatus previous = cluster.getStatus();
    SparkClusterStatus next = calculator.compute(
        previous, observed, findings, cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration(),
        deleting);
    write(cluster, context, next);
    return next;
  }

  /** Writes the bay part of the status at once (before and after a create call), keeping the rest. */
  public SparkCluster recordBay(SparkCluster cluster, Context<SparkCluster> context, BayStatus bay) {
    SparkClusterStatus next = copy(cluster.getStatus());
    next.setBay(bay);
    return write(cluster, context, next);
  }

  private static SparkCluster write(SparkCluster cluster, Context<SparkCluster> context, SparkClusterStatus next) {
    if (Objects.equals(cluster.getStatus(), next)) {
      return cluster;
    }
    return PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(cluster, context, stored -> {
      stored.setStatus(next);
      return stored;
    });
  }

  private static SparkClusterStatus copy(SparkClusterStatus status) {
    SparkClusterStatus copy = new SparkClusterStatus();
    if (status != null) {
      copy.setObservedGeneration(status.getObservedGeneration());
      copy.setPhase(status.getPhase());
      copy.setBay(status.getBay());
      copy.setMaster(status.getMaster());
      copy.setWorkers(status.getWorkers());
      copy.setConditions(status.getConditions());
    }
    return copy;
  }
}
