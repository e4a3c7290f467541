package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.openstack.Bay;
import io.sparkmagnum.operator.openstack.BayKubeconfig;
import io.sparkmagnum.operator.openstack.MagnumBays;
import io.sparkmagnum.operator.openstack.OpenStackException;
import io.sparkmagnum.operator.spark.SparkLabels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fabric8 client per bay, built from the bay's kubeconfig and cached by bay uuid. The kubeconfig
 * is kept in the Secret {@code <name>-bay-kubeconfig} next to the SparkCluster, so that an admin can
 * reach the bay too and a restarted operator needs no new certificate.
 */
public class BayClients implements AutoCloseable {
  public static final String KUBECONFIG_KEY = "kubeconfig";
  public static final String BAY_UUID_ANNOTATION = "sparkmagnum.io/bay-uuid";
  private static final int REQUEST_TIMEOUT_MILLIS = 10_000;
  /**
   * Shared by the clients of all bays. A client builds its own Jackson mapper unless given one, and the
   * mapper's introspection caches take megabytes (a hundred bays filled a 256 MiB heap); each would also
   * start thread pools of its own for its HTTP client and its informers' handlers.
   */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ExecutorService TASKS = Executors.newCachedThreadPool(daemonThreads());
  private static final JdkHttpClientFactory HTTP_CLIENTS = new JdkHttpClientFactory() {
    @Override
    protected java.net.http.HttpClient.Builder createNewHttpClientBuilder() {
      return java.net.http.HttpClient.newBuilder().executor(TASKS);
    }
  };

  private record Entry(String apiAddress, KubernetesClient client, Set<ResourceID> users) {}

  private final KubernetesClient management;
  private final BayWatch watch;
  private final Map<String, Entry> clients = new ConcurrentHashMap<>();
  /** Bays whose stored kubeconfig was rejected: the next client gets a fresh certificate. */
  private final Set<String> rejected = ConcurrentHashMap.newKeySet();

  public BayClients(KubernetesClient management, BayWatch watch) {
    this.management = management;
    this.watch = watch;
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "bay-clients-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  public static String secretName(SparkCluster cluster) {
    return cluster.getMetadata().getName() + "-bay-kubeconfig";
  }

  /** The client of the SparkCluster's bay; builds the kubeconfig (asking Magnum) only when needed. */
  public KubernetesClient client(SparkCluster cluster, Bay bay, MagnumBays bays) throws OpenStackException {
    ResourceID user = ResourceID.fromResource(cluster);
    Entry cached = clients.get(bay.uuid());
    if (cached != null && Objects.equals(cached.apiAddress(), bay.apiAddress())) {
      cached.users().add(user);
      return cached.client();
    }
    Secret stored = management.secrets().inNamespace(cluster.getMetadata().getNamespace())
        .withName(secretName(cluster)).get();
    String kubeconfig = rejected.remove(bay.uuid()) ? null : kubeconfigOf(stored, bay);
    if (kubeconfig == null) {
      kubeconfig = BayKubeconfig.create(bays, bay, bays.templateOf(bay));
    }
    ensureSecret(cluster, bay, kubeconfig, stored);
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(config(kubeconfig))
        .withKubernetesSerialization(SERIALIZATION)
        .withHttpClientFactory(HTTP_CLIENTS)
        .withTaskExecutor(TASKS)
        .build();
    Set<ResourceID> users = ConcurrentHashMap.newKeySet();
    users.add(user);
    Entry previous = clients.put(bay.uuid(), new Entry(bay.apiAddress(), client, users));
    if (previous != null) {
      users.addAll(previous.users());
      watch.forgetBay(bay.uuid());
      previous.client().close();
    }
    return client;
  }

  /** Deletes the kubeconfig Secret of a SparkCluster that is going away (not left to garbage collection). */
  public void deleteKubeconfig(SparkCluster cluster) {
    management.secrets().inNamespace(cluster.getMetadata().getNamespace()).withName(secretName(cluster)).delete();
  }

  /** The bay refused our credentials: forget the client and get a new certificate next time. */
  public void invalidate(String bayUuid) {
    rejected.add(bayUuid);
    close(bayUuid);
  }

  /** The SparkCluster is gone: stop watching its objects, and close the client when no one else uses it. */
  public void release(ResourceID cluster, String bayUuid) {
    Entry entry = clients.get(bayUuid);
    if (entry == null) {
      return;
    }
    entry.users().remove(cluster);
    watch.forget(bayUuid, cluster.getNamespace().orElse(null), cluster.getName());
    if (entry.users().isEmpty()) {
      close(bayUuid);
    }
  }

  private void close(String bayUuid) {
    Entry entry = clients.remove(bayUuid);
    watch.forgetBay(bayUuid);
    if (entry != null) {
      entry.client().close();
    }
  }

  private static Config config(String kubeconfig) {
    Config config = Config.fromKubeconfig(kubeconfig);
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    config.setConnectionTimeout(REQUEST_TIMEOUT_MILLIS);
    // HTTP/1.1: the watches are WebSockets, each on a connection of its own anyway, and other requests that
    // start together would each open an HTTP/2 connection of their own (with a bigger set of buffers)
    config.setHttp2Disable(true);
    return config;
  }

  /** The kubeconfig the Secret holds for this bay, null when it holds none or one of another bay. */
  private static String kubeconfigOf(Secret secret, Bay bay) {
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(KUBECONFIG_KEY)) {
      return null;
    }
    var annotations = secret.getMetadata().getAnnotations();
    if (annotations == null || !bay.uuid().equals(annotations.get(BAY_UUID_ANNOTATION))) {
      return null;
    }
    return new String(Base64.getDecoder().decode(secret.getData().get(KUBECONFIG_KEY)), StandardCharsets.UTF_8);
  }

  /** Writes the kubeconfig Secret when it is missing or holds another kubeconfig. */
  private void ensureSecret(SparkCluster cluster, Bay bay, String kubeconfig, Secret existing) {
    String encoded = Base64.getEncoder().encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8));
    if (existing != null && existing.getData() != null && encoded.equals(existing.getData().get(KUBECONFIG_KEY))) {
      return;
    }
    Secret secret = new SecretBuilder()
        .withNewMetadata()
          .withName(secretName(cluster))
          .withNamespace(cluster.getMetadata().getNamespace())
          .addToLabels(SparkLabels.MANAGED_BY, SparkLabels.MANAGER)
          .addToLabels(SparkLabels.INSTANCE, cluster.getMetadata().getName())
          .addToAnnotations(BAY_UUID_ANNOTATION, bay.uuid())
          .withOwnerReferences(new OwnerReferenceBuilder()
              .withApiVersion(cluster.getApiVersion())
              .withKind(cluster.getKind())
              .withName(cluster.getMetadata().getName())
              .withUid(cluster.getMetadata().getUid())
              .withController(true)
              .withBlockOwnerDeletion(false)
              .build())
        .endMetadata()
        .withType("Opaque")
        .addToData(KUBECONFIG_KEY, encoded)
        .build();
    if (existing == null) {
      management.secrets().resource(secret).create();
    } else {
      management.secrets().resource(secret).update();
    }
  }

  @Override
  public void close() {
    clients.keySet().forEach(this::close);
  }
}
