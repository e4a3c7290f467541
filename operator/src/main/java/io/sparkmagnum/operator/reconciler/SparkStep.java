package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.GenericKubernetesResourceMatcher;
import io.sparkmagnum.api.v1alpha1.MasterStatus;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.WorkersStatus;
import io.sparkmagnum.operator.spark.DesiredSparkObjects;
import io.sparkmagnum.operator.spark.MasterState;
import io.sparkmagnum.operator.spark.SparkLabels;
import io.sparkmagnum.operator.spark.SparkNames;
import io.sparkmagnum.operator.spark.SparkObjects;
import io.sparkmagnum.operator.status.Finding;
import io.sparkmagnum.operator.status.Reasons;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the Spark objects inside the bay to what the spec asks for (created when missing,
 * updated when they drifted, the driver removed when disabled) and observes their readiness.
 */
final class SparkStep {
  private static final Logger LOG = LoggerFactory.getLogger(SparkStep.class);
  private final BayWatch watch;
  private final EventRecorder events;
  /** Namespaces known to exist per bay, so that a steady state makes no request for them. */
  private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();

  SparkStep(BayWatch watch, EventRecorder events) {
    this.watch = watch;
    this.events = events;
  }

  /**
   * Converges and observes the Spark objects.
   *
   * @return whether to look again soon: workers are up but not all registered with the master, which
   *     no event of the bay's objects will tell
   */
  boolean converge(ReconcileRun run, Context<SparkCluster> context, String bayUuid, KubernetesClient bay) {
    SparkCluster cluster = run.cluster();
    DesiredSparkObjects desired = SparkObjects.desired(cluster);
    String namespace = desired.namespace().getMetadata().getName();
    watch.watch(bayUuid, namespace, cluster.getMetadata().getName(), bay);
    ensureNamespace(bayUuid, bay, desired.namespace());

    List<String> created = new ArrayList<>();
    apply(context, bayUuid, bay, desired.sparkDefaults(), created);
    Service service = apply(context, bayUuid, bay, desired.masterService(), created);
    Pod master = apply(context, bayUuid, bay, desired.master(), created);
    Integer replicasBefore = current(bayUuid, bay, desired.workers()).map(d -> d.getSpec().getReplicas())
        .orElse(null);
    Deployment workers = apply(context, bayUuid, bay, desired.workers(), created);
    if (desired.driver().isPresent()) {
      apply(context, bayUuid, bay, desired.driver().get(), created);
    } else {
      removeDriver(bayUuid, bay, namespace, SparkNames.driverPod(cluster));
    }

    if (!created.isEmpty()) {
      events.normal(cluster, "SparkDeployed", "Created " + String.join(", ", created) + " in namespace " + namespace
          + " of bay " + BayNames.of(cluster) + ".");
    }
    int wanted = cluster.getSpec().getWorkers().getReplicas();
    if (replicasBefore != null && replicasBefore != wanted) {
      events.normal(cluster, "WorkersScaled", "Scaled the Spark workers from " + replicasBefore + " to " + wanted + ".");
    }
    return observe(run, cluster, bay, master, service, workers);
  }

  private boolean observe(ReconcileRun run, SparkCluster cluster, KubernetesClient bay, Pod master, Service service,
      Deployment workers) {
    MasterStatus masterStatus = new MasterStatus();
    masterStatus.setUrl(SparkNames.masterUrl(cluster));
    masterStatus.setWebUiUrl(SparkNames.webUiUrl(cluster));
    externalAddress(service).ifPresent(address ->
        masterStatus.setExternalUrl("spark://" + address + ":" + SparkNames.MASTER_PORT));
    run.observed().setMaster(masterStatus);

    if (podReady(master)) {
      run.add(Finding.ok(Reasons.MASTER_READY, Reasons.MASTER_RUNNING,
          "The Spark master " + master.getMetadata().getName() + " is ready."));
    } else {
      String phase = master.getStatus() == null || master.getStatus().getPhase() == null ? "Pending"
          : master.getStatus().getPhase();
      run.add(Finding.notOk(Reasons.MASTER_READY, Reasons.MASTER_PENDING,
          "The Spark master pod " + master.getMetadata().getName() + " is not ready yet (" + phase + ")."));
    }

    int wanted = cluster.getSpec().getWorkers().getReplicas();
    int ready = workers.getStatus() == null || workers.getStatus().getReadyReplicas() == null ? 0
        : workers.getStatus().getReadyReplicas();
    Optional<MasterState> masterState = podReady(master) ? masterState(bay, cluster) : Optional.empty();
    Integer registered = masterState.map(MasterState::aliveWorkers).orElse(null);
    WorkersStatus workersStatus = new WorkersStatus();
    workersStatus.setDesired(wanted);
    workersStatus.setReady(ready);
    workersStatus.setRegistered(registered);
    run.observed().setWorkers(workersStatus);

    String count = ready + "/" + wanted + " workers ready";
    if (ready != wanted || !Objects.equals(workers.getSpec().getReplicas(), wanted)) {
      run.add(Finding.notOk(Reasons.WORKERS_READY, Reasons.WORKERS_PENDING, count));
      return false;
    }
    if (registered == null) {
      // the pods say ready; whether they joined the master is unknown, and not guessed
      run.add(Finding.ok(Reasons.WORKERS_READY, Reasons.ALL_WORKERS_READY, count
          + " (registration with the master not confirmed: its /json/ could not be read through the bay's API server)"));
      return false;
    }
    if (registered < wanted) {
      run.add(Finding.notOk(Reasons.WORKERS_READY, Reasons.WORKERS_PENDING, count + ", " + registered + "/" + wanted
          + " registered with the master"));
      return true;
    }
    run.add(Finding.ok(Reasons.WORKERS_READY, Reasons.ALL_WORKERS_READY, count));
    return false;
  }

  /** The master's own view, read through the bay API server's service proxy; empty when it cannot be had. */
  private static Optional<MasterState> masterState(KubernetesClient bay, SparkCluster cluster) {
    try {
      String json = bay.raw(SparkNames.masterStateProxyPath(cluster));
      return json == null ? Optional.empty() : Optional.of(MasterState.parse(json));
    } catch (KubernetesClientException | IllegalArgumentException e) {
      LOG.debug("The master of {} cannot be asked for its workers: {}", cluster.getMetadata().getName(), e.getMessage());
      return Optional.empty();
    }
  }

  private void ensureNamespace(String bayUuid, KubernetesClient bay, Namespace namespace) {
    String key = bayUuid + "/" + namespace.getMetadata().getName();
    if (knownNamespaces.contains(key)) {
      return;
    }
    if (bay.namespaces().withName(namespace.getMetadata().getName()).get() == null) {
      try {
        bay.resource(namespace).create();
      } catch (KubernetesClientException e) {
        // another SparkCluster of this namespace, reconciled at the same time, created it
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
      }
    }
    knownNamespaces.add(key);
  }

  /** Forgets what was learnt about a bay (its client was replaced or closed). */
  void forgetBay(String bayUuid) {
    knownNamespaces.removeIf(key -> key.startsWith(bayUuid + "/"));
  }

  private <T extends HasMetadata> Optional<T> current(String bayUuid, KubernetesClient bay, T desired) {
    @SuppressWarnings("unchecked")
    Class<T> kind = (Class<T>) desired.getClass();
    String namespace = desired.getMetadata().getNamespace();
    String name = desired.getMetadata().getName();
    return watch.cached(bayUuid, kind, namespace, name)
        .orElseGet(() -> Optional.ofNullable(bay.resources(kind).inNamespace(namespace).withName(name).get()));
  }

  private <T extends HasMetadata> T apply(Context<SparkCluster> context, String bayUuid, KubernetesClient bay,
      T desired, List<String> created) {
    Optional<T> actual = current(bayUuid, bay, desired);
    if (actual.isEmpty()) {
      try {
        T made = create(bayUuid, bay, desired);
        created.add(desired.getKind() + " " + desired.getMetadata().getName());
        return made;
      } catch (KubernetesClientException e) {
        // the informer has not seen it yet, e.g. the previous reconciliation created it: go on with the stored one
        actual = e.getCode() == HttpURLConnection.HTTP_CONFLICT ? Optional.ofNullable(bay.resource(desired).get())
            : Optional.empty();
        if (actual.isEmpty()) {
          throw e;
        }
      }
    }
    T existing = actual.get();
    if (GenericKubernetesResourceMatcher.match(desired, existing, false, false, context).matched()) {
      return existing;
    }
    if (existing instanceof Pod) {
      // A pod's spec cannot be changed: delete it; its deletion event brings us back to create the new one.
      bay.resource(existing).delete();
      return existing;
    }
    try {
      return bay.resource(merge(desired, existing)).update();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // somebody (a controller in the bay) wrote it since our cache saw it: once more on the latest
      T latest = bay.resource(desired).get();
      return latest == null ? create(bayUuid, bay, desired) : bay.resource(merge(desired, latest)).update();
    }
  }

  private <T extends HasMetadata> T create(String bayUuid, KubernetesClient bay, T desired) {
    try {
      return bay.resource(desired).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        // the namespace was deleted behind our back
        forgetBay(bayUuid);
      }
      throw e;
    }
  }

  /** The desired object on top of the existing one, keeping what the API server allocated. */
  @SuppressWarnings("unchecked")
  private static <T extends HasMetadata> T merge(T desired, T existing) {
    var metadata = existing.getMetadata();
    Map<String, String> labels = new HashMap<>(Optional.ofNullable(metadata.getLabels()).orElse(Map.of()));
    labels.putAll(Optional.ofNullable(desired.getMetadata().getLabels()).orElse(Map.of()));
    Map<String, String> annotations = new HashMap<>(Optional.ofNullable(metadata.getAnnotations()).orElse(Map.of()));
    annotations.putAll(Optional.ofNullable(desired.getMetadata().getAnnotations()).orElse(Map.of()));
    metadata.setLabels(labels);
    metadata.setAnnotations(annotations);
    if (existing instanceof Service service) {
      Service wanted = (Service) desired;
      var allocatedClusterIp = service.getSpec().getClusterIP();
      var allocatedClusterIps = service.getSpec().getClusterIPs();
      Map<String, Integer> nodePorts = new HashMap<>();
      service.getSpec().getPorts().forEach(p -> {
        if (p.getNodePort() != null) {
          nodePorts.put(p.getName(), p.getNodePort());
        }
      });
      service.setSpec(wanted.getSpec());
      service.getSpec().setClusterIP(allocatedClusterIp);
      service.getSpec().setClusterIPs(allocatedClusterIps);
      if (!"ClusterIP".equals(wanted.getSpec().getType())) {
        for (ServicePort port : service.getSpec().getPorts()) {
          if (port.getNodePort() == null) {
            port.setNodePort(nodePorts.get(port.getName()));
          }
        }
      }
      return (T) service;
    }
    if (existing instanceof Deployment deployment) {
      deployment.setSpec(((Deployment) desired).getSpec());
      return (T) deployment;
    }
    if (existing instanceof ConfigMap configMap) {
      configMap.setData(((ConfigMap) desired).getData());
      configMap.setBinaryData(((ConfigMap) desired).getBinaryData());
      return (T) configMap;
    }
    throw new IllegalArgumentException("no merge for " + existing.getKind());
  }

  private void removeDriver(String bayUuid, KubernetesClient bay, String namespace, String name) {
    Optional<Pod> driver = current(bayUuid, bay, new io.fabric8.kubernetes.api.model.PodBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).endMetadata().build());
    driver.ifPresent(pod -> bay.resource(pod).delete());
  }

  /** Removes every Spark object of the SparkCluster from the bay (deletion). */
  static void removeAll(KubernetesClient bay, SparkCluster cluster) {
    String namespace = SparkNames.namespace(cluster);
    String instance = cluster.getMetadata().getName();
    for (Class<? extends HasMetadata> kind : BayWatch.KINDS) {
      bay.resources(kind).inNamespace(namespace)
          .withLabel(SparkLabels.INSTANCE, instance)
          .withLabel(SparkLabels.MANAGED_BY, SparkLabels.MANAGER)
          .delete();
    }
  }

  private static boolean podReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Optional<String> externalAddress(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
        || service.getStatus().getLoadBalancer().getIngress() == null) {
      return Optional.empty();
    }
    return service.getStatus().getLoadBalancer().getIngress().stream()
        .map(SparkStep::address)
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static String address(LoadBalancerIngress ingress) {
    return ingress.getIp() != null ? ingress.getIp() : ingress.getHostname();
  }
}
