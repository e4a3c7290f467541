package io.sparkmagnum.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Spark standalone masters in a bay answer at {@code /json/}, read through the bay API
 * server's service proxy ({@code /api/v1/namespaces/NS/services/SERVICE:PORT/proxy/json/}): a master
 * that has every ready worker of its cluster registered. A master is a Service labelled
 * {@code app.kubernetes.io/component=master} with a port named {@code http}; its workers are the
 * ready replicas of the Deployment with the same {@code app.kubernetes.io/instance} and component
 * {@code worker}. The answer has the fields and shape of Spark 3.5's own.
 */
public final class SparkMasterSimulator implements AutoCloseable {
  static final String INSTANCE = "app.kubernetes.io/instance";
  static final String COMPONENT = "app.kubernetes.io/component";
  private static final Pattern SPARK_SIZE = Pattern.compile("(\\d+)([kmgtp]?)b?");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubeApi bay;
  private final KubernetesClient client;
  private final Map<String, String> answeredPaths = new ConcurrentHashMap<>();
  private final SharedIndexInformer<Service> masters;
  private final SharedIndexInformer<Deployment> workers;
  private final List<SharedIndexInformer<?>> informers;

  public SparkMasterSimulator(KubeApi bay) {
    this.bay = bay;
    this.client = bay.client();
    ResourceEventHandler<Object> refresh = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Object object) {
        refresh();
      }

      @Override
      public void onUpdate(Object before, Object after) {
        refresh();
      }

      @Override
      public void onDelete(Object object, boolean finalStateUnknown) {
        refresh();
      }
    };
    this.masters = client.services().inAnyNamespace().withLabel(COMPONENT, "master").runnableInformer(0);
    this.workers = client.apps().deployments().inAnyNamespace().withLabel(COMPONENT, "worker").runnableInformer(0);
    this.informers = List.of(masters, workers);
    masters.addEventHandler(cast(refresh));
    workers.addEventHandler(cast(refresh));
    informers.forEach(SharedIndexInformer::run);
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
    return (ResourceEventHandler<T>) handler;
  }

  /** Recomputes every master's answer from the Services and Deployments in the informers' caches. */
  private synchronized void refresh() {
    List<Deployment> workers = this.workers.getStore().list();
    Map<String, String> answers = new ConcurrentHashMap<>();
    for (Service master : masters.getStore().list()) {
      Optional<ServicePort> http = master.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName()))
          .findFirst();
      String instance = master.getMetadata().getLabels().get(INSTANCE);
      if (http.isEmpty() || instance == null) {
        continue;
      }
      String namespace = master.getMetadata().getNamespace();
      Optional<Deployment> deployment = workers.stream()
          .filter(d -> namespace.equals(d.getMetadata().getNamespace()))
          .filter(d -> instance.equals(d.getMetadata().getLabels().get(INSTANCE)))
          .findFirst();
      answers.put("/api/v1/namespaces/" + namespace + "/services/" + master.getMetadata().getName() + ":"
          + http.get().getPort() + "/proxy/json/", masterState(deployment));
    }
    answeredPaths.keySet().stream().filter(path -> !answers.containsKey(path)).forEach(path -> bay.answerGet(path, null));
    answers.forEach(bay::answerGet);
    answeredPaths.clear();
    answeredPaths.putAll(answers);
  }

  private static String masterState(Optional<Deployment> deployment) {
    int alive = deployment.map(d -> d.getStatus() == null ? null : d.getStatus().getReadyReplicas())
        .filter(Objects::nonNull).orElse(0);
    int cores = deployment.flatMap(d -> env(d, "SPARK_WORKER_CORES")).map(Integer::valueOf).orElse(1);
    long memoryMb = deployment.flatMap(d -> env(d, "SPARK_WORKER_MEMORY")).map(SparkMasterSimulator::mebibytes)
        .orElse(1024L);
    ObjectNode root = JSON.createObjectNode().put("url", "spark://10.100.0.2:7077");
    ArrayNode workerList = root.putArray("workers");
    for (int i = 0; i < alive; i++) {
      workerList.addObject()
          .put("id", "worker-" + (i + 1) + "-10.100.1." + (i + 2) + "-35000")
          .put("host", "10.100.1." + (i + 2))
          .put("port", 35000)
          .put("cores", cores).put("coresused", 0).put("coresfree", cores)
          .put("memory", memoryMb).put("memoryused", 0).put("memoryfree", memoryMb)
          .put("state", "ALIVE");
    }
    root.put("aliveworkers", alive)
        .put("cores", alive * cores).put("coresused", 0)
        .put("memory", alive * memoryMb).put("memoryused", 0)
        .put("status", "ALIVE");
    root.putArray("activeapps");
    root.putArray("completedapps");
    return root.toString();
  }

  private static Optional<String> env(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .flatMap(c -> Optional.ofNullable(c.getEnv()).orElse(List.of()).stream())
        .filter(e -> name.equals(e.getName()))
        .map(EnvVar::getValue)
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** Spark's size syntax (512m, 2g, ...) in MiB; plain numbers are MiB, as for SPARK_WORKER_MEMORY. */
  static long mebibytes(String size) {
    Matcher m = SPARK_SIZE.matcher(size.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return 1024;
    }
    long value = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k" -> value / 1024;
      case "g" -> value * 1024;
      case "t" -> value * 1024 * 1024;
      case "p" -> value * 1024 * 1024 * 1024;
      default -> value;
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}
