package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.spark.SparkLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on the Spark objects inside each bay (one set per SparkCluster: bay, namespace and
 * instance label), so that a deleted or edited object, or a pod becoming ready, reconciles its
 * SparkCluster within seconds; their caches also spare the reconciler a GET per object. Selecting by
 * instance keeps each cache to its own SparkCluster's objects, also where SparkClusters share a bay.
 */
public class BayWatch extends AbstractEventSource<HasMetadata, SparkCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(BayWatch.class);
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(ConfigMap.class, Pod.class, Service.class, Deployment.class);

  /** How long a reconciliation waits for the informers of a namespace to list what is there. */
  private static final long SYNC_TIMEOUT_SECONDS = 15;

  private final Map<Key, Watched> informers = new ConcurrentHashMap<>();

  public BayWatch() {
    super(HasMetadata.class, "bay-objects");
  }

  private record Key(String bayUuid, String namespace, String instance) {}

  /** The informers of one namespace of a bay, and when they have all listed it. */
  private record Watched(Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>> byKind,
      CompletableFuture<Void> synced) {
    void stop() {
      byKind.values().forEach(SharedIndexInformer::stop);
    }
  }

  /**
   * Watches the Spark objects of a SparkCluster (its instance label) in a namespace of a bay, from the
   * first call on, and waits until the informers have listed them, so that the reconciliation reads them from the cache. The informers are
   * started inside the map's compute but waited for outside it: waiting inside held up the
   * reconciliations of other bays whose keys share a bin. Informers that could not list (the bay's API
   * not serving yet) are dropped, and a later reconciliation starts them anew.
   *
   * @throws KubernetesClientException when they cannot list the namespace
   */
  public void watch(String bayUuid, String namespace, String instance, KubernetesClient bayClient) {
    Key key = new Key(bayUuid, namespace, instance);
    Watched watched = informers.computeIfAbsent(key, absent -> start(bayClient, namespace, instance));
    try {
      watched.synced().get(SYNC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      if (informers.remove(key, watched)) {
        watched.stop();
      }
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new KubernetesClientException("cannot list the Spark objects of namespace " + namespace + ": "
          + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubernetesClientException.launderThrowable(e);
    }
  }

  private Watched start(KubernetesClient bayClient, String namespace, String instance) {
    Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>> byKind = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> listed = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      SharedIndexInformer<? extends HasMetadata> informer = inform(bayClient, kind, namespace, instance);
      byKind.put(kind, informer);
      listed.add(informer.start().toCompletableFuture());
    }
    LOG.debug("Watching the Spark objects of {} in namespace {}", instance, namespace);
    return new Watched(byKind, CompletableFuture.allOf(listed.toArray(CompletableFuture[]::new)));
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(KubernetesClient client, Class<T> kind, String namespace,
      String instance) {
    SharedIndexInformer<T> informer = client.resources(kind)
        .inNamespace(namespace)
        .withLabel(SparkLabels.MANAGED_BY, SparkLabels.MANAGER)
        .withLabel(SparkLabels.INSTANCE, instance)
        .runnableInformer(0);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        fire(object);
      }

      @Override
      public void onUpdate(T before, T after) {
        fire(after);
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {
        fire(object);
      }
    });
    return informer;
  }

  private void fire(HasMetadata object) {
    String instance = object.getMetadata().getLabels() == null ? null
        : object.getMetadata().getLabels().get(SparkLabels.INSTANCE);
    if (instance != null && isRunning()) {
      getEventHandler().handleEvent(new Event(new ResourceID(instance, object.getMetadata().getNamespace())));
    }
  }

  /**
   * The object as the informer last saw it; empty when it does not exist. Empty Optional inside:
   * the informer has not synced yet, ask the API server.
   */
  public <T extends HasMetadata> Optional<Optional<T>> cached(String bayUuid, Class<T> kind, String namespace, String name) {
    boolean watched = false;
    for (Map.Entry<Key, Watched> entry : informers.entrySet()) {
      if (!entry.getKey().bayUuid().equals(bayUuid) || !entry.getKey().namespace().equals(namespace)) {
        continue;
      }
      SharedIndexInformer<? extends HasMetadata> informer = entry.getValue().byKind().get(kind);
      if (informer == null || !informer.hasSynced()) {
        return Optional.empty();
      }
      watched = true;
      HasMetadata object = informer.getStore().getByKey(namespace + "/" + name);
      if (object != null) {
        return Optional.of(Optional.of(kind.cast(object)));
      }
    }
    return watched ? Optional.of(Optional.empty()) : Optional.empty();
  }

  /** Stops the informers of every namespace of a bay (its client is about to be closed). */
  public void forgetBay(String bayUuid) {
    informers.entrySet().removeIf(entry -> {
      boolean ofThisBay = entry.getKey().bayUuid().equals(bayUuid);
      if (ofThisBay) {
        entry.getValue().stop();
      }
      return ofThisBay;
    });
  }

  /** Stops watching the Spark objects of one SparkCluster in a bay. */
  public void forget(String bayUuid, String namespace, String instance) {
    Watched watched = informers.remove(new Key(bayUuid, namespace, instance));
    if (watched != null) {
      watched.stop();
    }
  }

  @Override
  public Set<HasMetadata> getSecondaryResources(SparkCluster primary) {
    return Set.of();
  }

  @Override
  public void stop() {
    informers.values().forEach(Watched::stop);
    informers.clear();
    super.stop();
  }
}
