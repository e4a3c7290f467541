package io.sparkmagnum.demo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Shows the SparkClusters of a namespace as they change, like {@code kubectl get sparkc -w} plus the
 * conditions that changed and the events the operator records, and remembers what it saw for the
 * walkthrough's checks.
 */
final class ClusterWatch implements AutoCloseable {
  static final String HEADER = String.format("%-10s %-12s %-32s %-20s %5s %7s",
      "NAME", "PHASE", "BAY", "MAGNUM STATUS", "READY", "DESIRED");

  /** What one line of the watch shows. */
  private record Row(String name, String phase, String bay, String bayStatus, String ready, String desired) {
    static Row of(SparkCluster cluster) {
      SparkClusterStatus status = cluster.getStatus();
      return new Row(cluster.getMetadata().getName(),
          status == null || status.getPhase() == null ? "" : status.getPhase().name(),
          status == null || status.getBay() == null ? "" : text(status.getBay().getName()),
          status == null || status.getBay() == null ? "" : text(status.getBay().getStatus()),
          status == null || status.getWorkers() == null ? "" : text(status.getWorkers().getReady()),
          status == null || status.getWorkers() == null ? "" : text(status.getWorkers().getDesired()));
    }

    @Override
    public String toString() {
      return String.format("%-10s %-12s %-32s %-20s %5s %7s", name, phase, bay, bayStatus, ready, desired);
    }
  }

  private final Console console;
  private final String namespace;
  private final SharedIndexInformer<SparkCluster> clusters;
  private final SharedIndexInformer<Event> events;
  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Condition>> conditions = new ConcurrentHashMap<>();
  private final Map<String, Set<Phase>> phasesSeen = new ConcurrentHashMap<>();
  private final Set<String> deleted = ConcurrentHashMap.newKeySet();

  ClusterWatch(KubernetesClient client, String namespace, Console console) {
    this.console = console;
    this.namespace = namespace;
    this.clusters = client.resources(SparkCluster.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(SparkCluster cluster) {
        deleted.remove(cluster.getMetadata().getName());
        show(cluster);
      }

      @Override
      public void onUpdate(SparkCluster before, SparkCluster after) {
        show(after);
      }

      @Override
      public void onDelete(SparkCluster cluster, boolean finalStateUnknown) {
        String name = cluster.getMetadata().getName();
        deleted.add(name);
        rows.remove(name);
        conditions.remove(name);
        console.stamped(String.format("%-10s deleted: the finalizer is gone and so is the SparkCluster", name));
      }
    }, 0);
    this.events = client.v1().events().inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Event event) {
        if ("SparkCluster".equals(event.getInvolvedObject().getKind())) {
          console.stamped(String.format("%-10s event %s %s: %s", event.getInvolvedObject().getName(), event.getType(),
              event.getReason(), event.getMessage()));
        }
      }

      @Override
      public void onUpdate(Event before, Event after) {}

      @Override
      public void onDelete(Event event, boolean finalStateUnknown) {}
    }, 0);
  }

  private synchronized void show(SparkCluster cluster) {
    String name = cluster.getMetadata().getName();
    SparkClusterStatus status = cluster.getStatus();
    if (status != null && status.getPhase() != null) {
      phasesSeen.computeIfAbsent(name, n -> EnumSet.noneOf(Phase.class)).add(status.getPhase());
    }
    Row row = Row.of(cluster);
    if (!row.equals(rows.put(name, row))) {
      console.stamped(row.toString());
    }
    Map<String, Condition> now = status == null || status.getConditions() == null ? Map.of()
        : status.getConditions().stream()
            .collect(Collectors.toMap(Condition::getType, Function.identity(), (first, last) -> last));
    Map<String, Condition> before = conditions.getOrDefault(name, Map.of());
    for (Condition condition : Optional.ofNullable(status).map(SparkClusterStatus::getConditions).orElse(List.of())) {
      Condition previous = before.get(condition.getType());
      if (previous == null || !Objects.equals(previous.getStatus(), condition.getStatus())
          || !Objects.equals(previous.getReason(), condition.getReason())
          || !Objects.equals(previous.getMessage(), condition.getMessage())) {
        console.detail(String.format("%s=%s %s: %s", condition.getType(), condition.getStatus(),
            condition.getReason(), condition.getMessage()));
      }
    }
    conditions.put(name, now);
  }

  /** The SparkCluster as the watch saw it last; empty when it does not exist (any more). */
  Optional<SparkCluster> current(String name) {
    return Optional.ofNullable(clusters.getStore().getByKey(namespace + "/" + name));
  }

  boolean sawPhase(String name, Phase phase) {
    return phasesSeen.getOrDefault(name, Set.of()).contains(phase);
  }

  /** Whether the watch saw the SparkCluster go away. */
  boolean sawDeleted(String name) {
    return deleted.contains(name);
  }

  /** One line on the SparkCluster for a failure message. */
  String describe(String name) {
    return current(name).map(c -> Row.of(c).toString().replaceAll(" +", " ").trim()).orElse(name + " does not exist");
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  @Override
  public void close() {
    clusters.stop();
    events.stop();
  }
}
