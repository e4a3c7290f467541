package io.sparkmagnum.operator.reconciler;

import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.operator.status.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one reconcile: the SparkCluster as last written (status writes on the way replace
 * it), the status being observed, and the findings of the steps so far.
 */
final class ReconcileRun {
  private SparkCluster cluster;
  private final SparkClusterStatus observed = new SparkClusterStatus();
  private final List<Finding> findings = new ArrayList<>();

  ReconcileRun(SparkCluster cluster) {
    this.cluster = cluster;
    // Facts about the bay survive a reconcile that cannot reach Magnum: its uuid must never be lost.
    if (cluster.getStatus() != null) {
      observed.setBay(cluster.getStatus().getBay());
    }
  }

  SparkCluster cluster() {
    return cluster;
  }

  void replace(SparkCluster written) {
    this.cluster = written;
  }

  SparkClusterStatus observed() {
    return observed;
  }

  List<Finding> findings() {
    return findings;
  }

  void add(Finding finding) {
    findings.add(finding);
  }
}
