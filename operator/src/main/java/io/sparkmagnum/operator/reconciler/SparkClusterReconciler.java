package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.sparkmagnum.api.v1alpha1.BayStatus;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.DeletionPolicy;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.operator.openstack.Bay;
import io.sparkmagnum.operator.openstack.MagnumBays;
import io.sparkmagnum.operator.openstack.OpenStackClouds;
import io.sparkmagnum.operator.openstack.OpenStackException;
import io.sparkmagnum.operator.metrics.BayProvisioningMetrics;
import io.sparkmagnum.operator.metrics.ClusterPhaseMetrics;
import io.sparkmagnum.operator.spark.SparkLabels;
import io.sparkmagnum.operator.status.Finding;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.status.StatusCalculator;
import io.sparkmagnum.operator.status.StatusRecorder;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SparkCluster controller. It only orchestrates: validate the spec, read the credentials,
 * ensure the bay, reach the bay's Kubernetes, converge Spark inside it, record status and events.
 * Bays in progress are looked at again after the poll interval; OpenStack or bay outages are thrown
 * so that the framework retries them with backoff.
 */
@ControllerConfiguration(name = SparkClusterReconciler.NAME)
// OpenStack and bay outages: retried for as long as they last, from 2 s doubling up to 5 min
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
public class SparkClusterReconciler implements Reconciler<SparkCluster>, Cleaner<SparkCluster> {
  public static final String NAME = "sparkcluster";
  private static final Logger LOG = LoggerFactory.getLogger(SparkClusterReconciler.class);
  private static final String SECRET_INDEX = "credentials-secret";

  private final OpenStackClouds clouds;
  private final Duration pollInterval;
  private final ClusterPhaseMetrics phases;
  private final StatusRecorder statusRecorder;
  private final EventRecorder events;
  private final BayWatch bayWatch = new BayWatch();
  private final BayClients bayClients;
  private final BayStep bayStep;
  private final SparkStep sparkStep;
  private CredentialsStep credentials;

  public SparkClusterReconciler(KubernetesClient management, OpenStackClouds clouds, Duration pollInterval,
      ClusterPhaseMetrics phases, BayProvisioningMetrics provisioning, Clock clock) {
    this.clouds = clouds;
    this.pollInterval = pollInterval;
    this.phases = phases;
    this.statusRecorder = new StatusRecorder(new StatusCalculator(clock));
    this.events = new EventRecorder(management, clock);
    this.bayClients = new BayClients(management, bayWatch);
    this.bayStep = new BayStep(pollInterval, statusRecorder, events, provisioning, clock);
    this.sparkStep = new SparkStep(bayWatch, events);
  }

  @Override
  public List<EventSource<?, SparkCluster>> prepareEventSources(EventSourceContext<SparkCluster> context) {
    // null-safe: an indexer that throws breaks the informer, and so the operator, for every SparkCluster
    context.getPrimaryCache().addIndexer(SECRET_INDEX, cluster -> cluster.getSpec() == null
        || cluster.getSpec().getCloud() == null || cluster.getSpec().getCloud().getSecretName() == null ? List.of()
        : List.of(secretKey(cluster.getSpec().getCloud().getSecretName(), cluster.getMetadata().getNamespace())));
    var secrets = new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Secret.class, SparkCluster.class)
            .withName("credentials")
            .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                .byIndex(SECRET_INDEX, secretKey(secret.getMetadata().getName(), secret.getMetadata().getNamespace()))
                .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
            .withNamespacesInheritedFromController()
            // not the kubeconfig Secrets the operator writes itself (one per SparkCluster): no one names
            // them as credentials, and caching them would cost heap per SparkCluster for nothing
            .withLabelSelector(SparkLabels.MANAGED_BY + "!=" + SparkLabels.MANAGER)
            // what the operator reads of a Secret is its data: its own finalizer on it is no news
            .withOnUpdateFilter((updated, before) -> !Objects.equals(updated.getData(), before.getData())
                || !Objects.equals(updated.getStringData(), before.getStringData()))
            .build(),
        context);
    this.credentials = new CredentialsStep(secrets, context.getClient());
    return List.of(secrets, bayWatch);
  }

  private static String secretKey(String name, String namespace) {
    return namespace + "/" + name;
  }

  @Override
  public UpdateControl<SparkCluster> reconcile(SparkCluster cluster, Context<SparkCluster> context) {
    ReconcileRun run = new ReconcileRun(cluster);
    try {
      Optional<Duration> recheck = converge(run, context);
      finish(run, context, false);
      return recheck.map(after -> UpdateControl.<SparkCluster>noUpdate().rescheduleAfter(after))
          .orElseGet(UpdateControl::noUpdate);
    } catch (OpenStackException e) {
      run.add(finding(e));
      finish(run, context, false);
      if (e.transientFailure()) {
        throw new RetryLater(e.getMessage(), e);
      }
      return UpdateControl.noUpdate();
    }
  }

  private Optional<Duration> converge(ReconcileRun run, Context<SparkCluster> context) throws OpenStackException {
    SparkCluster cluster = run.cluster();
    List<String> problems = SpecValidator.validate(cluster);
    if (!problems.isEmpty()) {
      run.add(Finding.notOk(Reasons.BAY_READY, Reasons.INVALID_SPEC,
          "The spec is invalid: " + String.join("; ", problems) + "."));
      return Optional.empty();
    }
    CredentialsStep.Result credentials = this.credentials.resolve(cluster);
    if (credentials.problem() != null) {
      run.add(credentials.problem());
      return Optional.empty();
    }
    this.credentials.hold(cluster);
    MagnumBays bays = clouds.bays(credentials.credentials());
    BayOutcome outcome = bayStep.ensure(run, context, bays);
    if (!outcome.usable() || outcome.bay().isEmpty()) {
      run.add(outcome.finding());
      return outcome.recheckAfter();
    }
    Bay bay = outcome.bay().get();
    try {
      KubernetesClient bayClient = bayClients.client(run.cluster(), bay, bays);
      boolean recheck = sparkStep.converge(run, context, bay.uuid(), bayClient);
      run.add(outcome.finding());
      if (recheck) {
        return outcome.recheckAfter().or(() -> Optional.of(pollInterval));
      }
    } catch (KubernetesClientException e) {
      run.findings().clear();
      boolean credentialsRefused = e.getCode() == HttpURLConnection.HTTP_UNAUTHORIZED
          || e.getCode() == HttpURLConnection.HTTP_FORBIDDEN;
      if (credentialsRefused) {
        bayClients.invalidate(bay.uuid());
        sparkStep.forgetBay(bay.uuid());
      }
      if (credentialsRefused || e.getCode() == 0 || e.getCode() >= HttpURLConnection.HTTP_INTERNAL_ERROR) {
        run.add(Finding.notOk(Reasons.BAY_READY, Reasons.BAY_UNREACHABLE, "The Kubernetes API of bay " + bay.name()
            + " at " + bay.apiAddress() + " cannot be used: " + describe(e) + ". Retrying with backoff."));
      } else {
        run.add(outcome.finding());
        run.add(Finding.notOk(Reasons.MASTER_READY, Reasons.SPARK_OBJECTS_REJECTED, "The Kubernetes API of bay "
            + bay.name() + " refused a Spark object: " + describe(e) + "."));
      }
      finish(run, context, false);
      throw new RetryLater("bay " + bay.name() + ": " + describe(e), e);
    }
    return outcome.recheckAfter();
  }

  @Override
  public DeleteControl cleanup(SparkCluster cluster, Context<SparkCluster> context) {
    ReconcileRun run = new ReconcileRun(cluster);
    BayStatus recorded = BayStep.recordedBay(cluster);
    boolean deleteBay = recorded != null && Boolean.TRUE.equals(recorded.getOwned())
        && cluster.getSpec().getBay().getDeletionPolicy() == DeletionPolicy.Delete;
    try {
      CredentialsStep.Result credentials = this.credentials.resolve(cluster);
      if (credentials.problem() != null) {
        if (!deleteBay) {
          events.warning(cluster, credentials.problem().reason(), "The Spark objects were left in the bay: "
              + credentials.problem().message());
          return forget(cluster, recorded, context);
        }
        run.add(credentials.problem());
        finish(run, context, true);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval);
      }
      MagnumBays bays = clouds.bays(credentials.credentials());
      Optional<Bay> bay = Optional.empty();
      if (recorded != null && recorded.getUuid() != null) {
        bay = bays.findByUuid(recorded.getUuid());
      } else if (deleteBay && recorded.getName() != null) {
        // the create call may have gone out before the uuid was recorded
        bay = bays.findByName(recorded.getName());
      }
      if (bay.isPresent() && bay.get().apiAddress() != null && !bay.get().status().startsWith("DELETE")) {
        removeSparkObjects(cluster, bay.get(), bays, deleteBay);
      }
      if (deleteBay && bay.isPresent()) {
        if (!bay.get().status().startsWith("DELETE_IN_PROGRESS")) {
          bays.delete(bay.get().uuid());
          events.normal(cluster, Reasons.BAY_DELETING, "Deleting bay " + bay.get().name() + " (" + bay.get().uuid() + ").");
        }
        run.observed().setBay(BayStep.bayStatus(bay.get(), true));
        run.add(Finding.notOk(Reasons.BAY_READY, Reasons.BAY_DELETING, "Magnum is deleting bay " + bay.get().name() + "."));
        finish(run, context, true);
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval);
      }
      if (deleteBay && recorded.getUuid() != null) {
        events.normal(cluster, "BayDeleted", "Bay " + recorded.getName() + " (" + recorded.getUuid() + ") is deleted.");
      }
      return forget(cluster, recorded, context);
    } catch (OpenStackException e) {
      run.add(finding(e));
      finish(run, context, true);
      events.warning(cluster, finding(e).reason(), "Deletion waits: " + e.getMessage());
      if (e.transientFailure()) {
        throw new RetryLater(e.getMessage(), e);
      }
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval);
    }
  }

  private void removeSparkObjects(SparkCluster cluster, Bay bay, MagnumBays bays, boolean bayGoesAnyway)
      throws OpenStackException {
    try {
      SparkStep.removeAll(bayClients.client(cluster, bay, bays), cluster);
    } catch (KubernetesClientException e) {
      if (!bayGoesAnyway) {
        throw new RetryLater("cannot remove the Spark objects from bay " + bay.name() + ": " + describe(e), e);
      }
      LOG.info("Bay {} is unreachable ({}); it is deleted anyway", bay.name(), describe(e));
    }
  }

  private DeleteControl forget(SparkCluster cluster, BayStatus recorded, Context<SparkCluster> context) {
    ResourceID id = ResourceID.fromResource(cluster);
    if (recorded != null && recorded.getUuid() != null) {
      bayClients.release(id, recorded.getUuid());
    }
    bayClients.deleteKubeconfig(cluster);
    if (cluster.getSpec() != null && cluster.getSpec().getCloud().getSecretName() != null) {
      credentials.release(cluster, context.getPrimaryCache().byIndex(SECRET_INDEX,
          secretKey(cluster.getSpec().getCloud().getSecretName(), cluster.getMetadata().getNamespace())));
    }
    phases.forget(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  private void finish(ReconcileRun run, Context<SparkCluster> context, boolean deleting) {
    SparkCluster cluster = run.cluster();
    SparkClusterStatus before = cluster.getStatus();
    SparkClusterStatus after = statusRecorder.record(cluster, context, run.observed(), run.findings(), deleting);
    phases.record(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), after.getPhase());
    announceTransitions(cluster, before, after);
  }

  /** One event per change of the Ready condition, so `kubectl describe` tells the story. */
  private void announceTransitions(SparkCluster cluster, SparkClusterStatus before, SparkClusterStatus after) {
    Condition now = after.condition(Reasons.READY).orElseThrow();
    Optional<Condition> then = before == null ? Optional.empty() : before.condition(Reasons.READY);
    boolean changed = then.map(c -> !c.getStatus().equals(now.getStatus()) || !c.getReason().equals(now.getReason()))
        .orElse(true);
    if (!changed) {
      return;
    }
    if (Condition.TRUE.equals(now.getStatus())) {
      events.normal(cluster, Reasons.CLUSTER_READY, now.getMessage());
    } else if (Reasons.WARNINGS.contains(now.getReason())) {
      events.warning(cluster, now.getReason(), now.getMessage());
    }
  }

  private static Finding finding(OpenStackException e) {
    String reason = switch (e.kind()) {
      case AUTHENTICATION_FAILED -> Reasons.AUTHENTICATION_FAILED;
      case FORBIDDEN -> Reasons.OPENSTACK_FORBIDDEN;
      case NOT_FOUND -> Reasons.BAY_NOT_FOUND;
      case AMBIGUOUS -> Reasons.BAY_AMBIGUOUS;
      case UNAVAILABLE -> Reasons.OPENSTACK_UNAVAILABLE;
      case REJECTED -> Reasons.OPENSTACK_REJECTED;
    };
    String advice = switch (e.kind()) {
      case AUTHENTICATION_FAILED -> " Check the credentials in the Secret.";
      case FORBIDDEN -> " The OpenStack user lacks a role on the project for Magnum.";
      case AMBIGUOUS -> " Several bays carry this name: rename or delete the extra ones in Magnum.";
      case UNAVAILABLE -> " Retrying with backoff.";
      default -> "";
    };
    return Finding.notOk(Reasons.BAY_READY, reason, e.getMessage() + advice);
  }

  private static String describe(KubernetesClientException e) {
    return e.getCode() > 0 && e.getStatus() != null ? "HTTP " + e.getCode() + " " + e.getStatus().getMessage()
        : String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
  }

  /** A failure worth retrying with backoff: thrown so that the framework's retry takes over. */
  static final class RetryLater extends RuntimeException {
    RetryLater(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
