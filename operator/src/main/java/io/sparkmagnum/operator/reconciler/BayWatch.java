package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.spark.SparkLabels;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on the Spark objects inside each bay (one set per bay and namespace), so that a deleted
 * or edited object, or a pod becoming ready, reconciles its SparkCluster within seconds; their
 * caches also spare the reconciler a GET per object.
 */
public class BayWatch extends AbstractEventSource<HasMetadata, SparkCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(BayWatch.class);
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(ConfigMap.class, Pod.class, Service.class, Deployment.class);

  private final Map<Key, Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>>> informers =
      new ConcurrentHashMap<>();

  public BayWatch() {
    super(HasMetadata.class, "bay-objects");
  }

  private record Key(String bayUuid, String namespace) {}

  /**
   * Starts watching the Spark objects of a namespace of a bay, once, without waiting for the informers to
   * sync ({@link #cached} tells when they have): with many bays, waiting inside the map's compute blocked
   * the reconciliations of other bays whose keys share a bin. Informers that gave up (their first list
   * failed, e.g. the bay's API was not serving yet) are started anew.
   */
  public void watch(String bayUuid, String namespace, KubernetesClient bayClient) {
    Key key = new Key(bayUuid, namespace);
    var current = informers.get(key);
    if (current != null && current.values().stream().anyMatch(informer -> !informer.isRunning())) {
      LOG.debug("Restarting the informers of namespace {} in bay {}", namespace, bayUuid);
      current.values().forEach(SharedIndexInformer::stop);
      informers.remove(key, current);
    }
    informers.computeIfAbsent(key, absent -> {
      Map<Class<? extends HasMetadata>, SharedIndexInformer<? extends HasMetadata>> byKind = new ConcurrentHashMap<>();
      for (Class<? extends HasMetadata> kind : KINDS) {
        byKind.put(kind, inform(bayClient, kind, namespace));
      }
      LOG.debug("Watching Spark objects of namespace {} in bay {}", namespace, bayUuid);
      return byKind;
    });
  }

  private <T extends HasMetadata> SharedIndexInformer<T> inform(KubernetesClient client, Class<T> kind, String namespace) {
    SharedIndexInformer<T> informer = client.resources(kind)
        .inNamespace(namespace)
        .withLabel(SparkLabels.MANAGED_BY, SparkLabels.MANAGER)
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
    informer.start();
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
    var byKind = informers.get(new Key(bayUuid, namespace));
    if (byKind == null) {
      return Optional.empty();
    }
    SharedIndexInformer<? extends HasMetadata> informer = byKind.get(kind);
    if (informer == null || !informer.hasSynced()) {
      return Optional.empty();
    }
    return Optional.of(Optional.ofNullable(kind.cast(informer.getStore().getByKey(namespace + "/" + name))));
  }

  /** Stops the informers of every namespace of a bay (its client is about to be closed). */
  public void forgetBay(String bayUuid) {
    informers.entrySet().removeIf(entry -> {
      boolean ofThisBay = entry.getKey().bayUuid().equals(bayUuid);
      if (ofThisBay) {
        entry.getValue().values().forEach(SharedIndexInformer::stop);
      }
      return ofThisBay;
    });
  }

  /** Stops watching one namespace of a bay. */
  public void forget(String bayUuid, String namespace) {
    var byKind = informers.remove(new Key(bayUuid, namespace));
    if (byKind != null) {
      byKind.values().forEach(SharedIndexInformer::stop);
    }
  }

  @Override
  public Set<HasMetadata> getSecondaryResources(SparkCluster primary) {
    return Set.of();
  }

  @Override
  public void stop() {
    informers.values().forEach(byKind -> byKind.values().forEach(SharedIndexInformer::stop));
    informers.clear();
    super.stop();
  }
}
