package io.sparkmagnum.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sparkmagnum.api.v1alpha1.BaySpec;
import io.sparkmagnum.api.v1alpha1.BayStatus;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.operator.openstack.Bay;
import io.sparkmagnum.operator.openstack.BayCreateRequest;
import io.sparkmagnum.operator.openstack.MagnumBays;
import io.sparkmagnum.operator.openstack.OpenStackException;
import io.sparkmagnum.operator.metrics.BayProvisioningMetrics;
import io.sparkmagnum.operator.status.Finding;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.status.StatusRecorder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure the SparkCluster has its bay: found by the recorded uuid, else by exact name (adopted,
 * or ours after a crash), else created from the template; resized when an owned bay's nodeCount
 * changes. Never blocks: a bay in progress is looked at again after the poll interval.
 */
final class BayStep {
  private final Duration pollInterval;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private final BayProvisioningMetrics provisioning;
  private final Clock clock;
  /** When this operator instance asked Magnum for each bay still being created. */
  private final Map<String, Instant> createRequested = new ConcurrentHashMap<>();

  BayStep(Duration pollInterval, StatusRecorder statusRecorder, EventRecorder events,
      BayProvisioningMetrics provisioning, Clock clock) {
    this.pollInterval = pollInterval;
    this.statusRecorder = statusRecorder;
    this.events = events;
    this.provisioning = provisioning;
    this.clock = clock;
  }

  /** Ensures the bay; the SparkCluster in {@code run} is replaced when status is written on the way. */
  BayOutcome ensure(ReconcileRun run, Context<SparkCluster> context, MagnumBays bays) throws OpenStackException {
    SparkCluster cluster = run.cluster();
    BayStatus recorded = recordedBay(cluster);
    boolean ownedIntent = recorded != null && Boolean.TRUE.equals(recorded.getOwned());
    String name = BayNames.of(cluster);

    Optional<Bay> bay = Optional.empty();
    boolean owned = ownedIntent;
    if (recorded != null && recorded.getUuid() != null) {
      bay = bays.findByUuid(recorded.getUuid());
      if (bay.isEmpty() && !ownedIntent) {
        run.observed().setBay(recorded);
        return failed(Reasons.BAY_NOT_FOUND, "The adopted bay " + recorded.getName() + " (" + recorded.getUuid()
            + ") no longer exists in Magnum. Create it again, or delete this SparkCluster.");
      }
      if (bay.isEmpty()) {
        events.warning(cluster, "BayMissing", "Bay " + recorded.getName() + " (" + recorded.getUuid()
            + ") was deleted outside the operator; creating it again.");
      }
    }
    if (bay.isEmpty()) {
      bay = bays.findByName(name);
      if (bay.isPresent()) {
        // Found by name: adopted, unless the name is ours (derived, or recorded as ours before the create call).
        owned = cluster.getSpec().getBay().getName() == null || ownedIntent;
        run.replace(statusRecorder.recordBay(cluster, context, bayStatus(bay.get(), owned)));
        if (!owned) {
          events.normal(cluster, Reasons.BAY_ADOPTED, "Adopted the existing bay " + name + " (" + bay.get().uuid()
              + "); it is never deleted by the operator.");
        }
      } else {
        return create(run, context, bays, name);
      }
    }
    run.observed().setBay(bayStatus(bay.get(), owned));
    return judge(run, bays, bay.get(), owned);
  }

  private BayOutcome create(ReconcileRun run, Context<SparkCluster> context, MagnumBays bays, String name)
      throws OpenStackException {
    SparkCluster cluster = run.cluster();
    BaySpec spec = cluster.getSpec().getBay();
    if (spec.getTemplate() == null) {
      return failed(Reasons.BAY_NOT_FOUND, "No bay named " + name + " exists and spec.bay.template is not set: "
          + "name an existing bay, or set a template to create one.");
    }
    try {
      bays.template(spec.getTemplate());
    } catch (OpenStackException e) {
      if (e.kind() == OpenStackException.Kind.NOT_FOUND) {
        return failed(Reasons.TEMPLATE_NOT_FOUND, "The bay template " + spec.getTemplate()
            + " does not exist in Magnum (openstack coe cluster template list shows the ones there are).");
      }
      throw e;
    }
    // Record the intent before the side effect: an operator that dies after the create call finds
    // the bay by its name and knows that it is ours.
    BayStatus intent = new BayStatus();
    intent.setName(name);
    intent.setOwned(true);
    run.replace(statusRecorder.recordBay(cluster, context, intent));
    run.observed().setBay(intent); // kept when the create call fails: Magnum may have created the bay anyway

    String uuid = bays.create(new BayCreateRequest(name, spec.getTemplate(), spec.getNodeCount(),
        spec.getMasterCount(), spec.getKeypair(), spec.getCreateTimeoutMinutes()));
    BayStatus created = new BayStatus();
    created.setName(name);
    created.setUuid(uuid);
    created.setOwned(true);
    created.setStatus("CREATE_IN_PROGRESS");
    created.setNodeCount(spec.getNodeCount());
    // written at the end of this reconciliation, with its conditions, one write instead of two; should that
    // write fail, the recorded intent leads the next reconciliation to the bay by its name
    run.observed().setBay(created);
    createRequested.put(uuid, Instant.now(clock));
    events.normal(cluster, Reasons.BAY_CREATING, "Creating bay " + name + " (" + uuid + ") from template "
        + spec.getTemplate() + " with " + spec.getNodeCount() + " node(s).");
    return new BayOutcome(Optional.empty(), true, false,
        Finding.notOk(Reasons.BAY_READY, Reasons.BAY_CREATING, "Magnum is creating bay " + name + "."),
        Optional.of(pollInterval));
  }

  private BayOutcome judge(ReconcileRun run, MagnumBays bays, Bay bay, boolean owned) throws OpenStackException {
    String status = bay.status() == null ? "UNKNOWN" : bay.status();
    String reason = bay.statusReason() == null ? "" : " Magnum says: " + bay.statusReason();
    Optional<Bay> known = Optional.of(bay);
    if ("CREATE_FAILED".equals(status)) {
      provisioned(bay.uuid(), BayProvisioningMetrics.Outcome.FAILED);
      return new BayOutcome(known, owned, false, Finding.notOk(Reasons.BAY_READY, Reasons.BAY_CREATE_FAILED,
          "Magnum could not create bay " + bay.name() + "." + reason
              + " Fix the cause (template, quota), then delete and re-create the SparkCluster."), Optional.empty());
    }
    if (bay.failed()) {
      // e.g. UPDATE_FAILED after a resize: the bay's Kubernetes usually still serves
      return new BayOutcome(known, owned, bay.apiAddress() != null, Finding.notOk(Reasons.BAY_READY,
          Reasons.BAY_UPDATE_FAILED, "Bay " + bay.name() + " is " + status + "." + reason), Optional.of(pollInterval));
    }
    if ("CREATE_IN_PROGRESS".equals(status)) {
      return new BayOutcome(known, owned, false, Finding.notOk(Reasons.BAY_READY, Reasons.BAY_CREATING,
          "Magnum is creating bay " + bay.name() + "."), Optional.of(pollInterval));
    }
    if ("UPDATE_IN_PROGRESS".equals(status)) {
      return new BayOutcome(known, owned, true, Finding.notOk(Reasons.BAY_READY, Reasons.BAY_RESIZING,
          "Magnum is updating bay " + bay.name() + " to " + run.cluster().getSpec().getBay().getNodeCount()
              + " node(s)."), Optional.of(pollInterval));
    }
    if (bay.inProgress()) {
      return new BayOutcome(known, owned, false, Finding.notOk(Reasons.BAY_READY, Reasons.BAY_BUSY,
          "Bay " + bay.name() + " is " + status + "."), Optional.of(pollInterval));
    }
    provisioned(bay.uuid(), BayProvisioningMetrics.Outcome.COMPLETE);
    int wanted = run.cluster().getSpec().getBay().getNodeCount();
    if (owned && bay.complete() && bay.nodeCount() != wanted) {
      bays.resize(bay.uuid(), wanted);
      events.normal(run.cluster(), Reasons.BAY_RESIZING, "Resizing bay " + bay.name() + " from "
          + bay.nodeCount() + " to " + wanted + " node(s).");
      return new BayOutcome(known, owned, true, Finding.notOk(Reasons.BAY_READY, Reasons.BAY_RESIZING,
          "Magnum is resizing bay " + bay.name() + " from " + bay.nodeCount() + " to " + wanted + " node(s)."),
          Optional.of(pollInterval));
    }
    String what = owned ? Reasons.BAY_CREATE_COMPLETE : Reasons.BAY_ADOPTED;
    return new BayOutcome(known, owned, true, Finding.ok(Reasons.BAY_READY, what,
        "Bay " + bay.name() + " is " + status + " with " + bay.nodeCount() + " node(s)"
            + (owned ? "." : "; it was adopted and is managed outside this SparkCluster (nodeCount is not applied).")),
        Optional.empty());
  }

  private void provisioned(String bayUuid, BayProvisioningMetrics.Outcome outcome) {
    Instant requested = createRequested.remove(bayUuid);
    if (requested != null) {
      provisioning.record(Duration.between(requested, Instant.now(clock)), outcome);
    }
  }

  private static BayOutcome failed(String reason, String message) {
    return new BayOutcome(Optional.empty(), false, false, Finding.notOk(Reasons.BAY_READY, reason, message),
        Optional.empty());
  }

  static BayStatus recordedBay(SparkCluster cluster) {
    SparkClusterStatus status = cluster.getStatus();
    return status == null ? null : status.getBay();
  }

  static BayStatus bayStatus(Bay bay, boolean owned) {
    BayStatus status = new BayStatus();
    status.setName(bay.name());
    status.setUuid(bay.uuid());
    status.setStatus(bay.status());
    status.setStatusReason(bay.statusReason());
    status.setApiAddress(bay.apiAddress());
    status.setNodeCount(bay.nodeCount());
    status.setOwned(owned);
    return status;
  }
}
