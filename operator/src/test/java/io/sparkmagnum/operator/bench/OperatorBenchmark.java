package io.sparkmagnum.operator.bench;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.operator.testing.OperatorProcess;
import io.sparkmagnum.simulator.ClusterSeed;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.simulator.UserSeed;
import io.sparkmagnum.testkit.KubeApi;
import io.sparkmagnum.testkit.NodeSimulator;
import io.sparkmagnum.testkit.SparkMasterSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast and how frugal the operator is, measured in one run on demand (not part of `mvn verify`):
 *
 * <pre>
 *   mvn -B -Pbenchmark -DskipTests -pl operator -am verify [-Dbenchmark.sizes=100,1000]
 * </pre>
 *
 * The operator runs as it ships (the runnable jar, in its own JVM, -Xmx256m, GC log), against the embedded
 * management API, an embedded bay API and the OpenStack simulator with instantly complete bays of the plain
 * HTTP template (a TLS bay costs an RSA-2048 key pair per bay on top; see the report). Figures are printed
 * and written to target/benchmark/.
 */
public final class OperatorBenchmark {
  /** The operator's identity in the management API's request log. */
  private static final String OPERATOR = "operator";
  private static final String NODE_SIMULATOR = "node-simulator";
  private static final int NAMESPACES = 10;
  /**
   * Bay API servers: each real bay has its own, the benchmark shares a few among all bays, since one
   * embedded API server (one lock, a scan of its store per request, every watch matched on every write)
   * would make the bays' own API the bottleneck, which no operator meets.
   */
  private static final int BAY_APIS = 10;
  private static final Duration RESYNC = Duration.ofSeconds(90);
  private static final int LATENCY_SAMPLES = 200;
  private static final Path OUTPUT = Path.of("target", "benchmark");
  /** The operator's maximum heap: the aim is to stay below 256 MiB (larger only to diagnose). */
  private static final String HEAP = System.getProperty("benchmark.operatorHeap", "256m");
  private static final Pattern GC_PAUSE = Pattern.compile("Pause.*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

  /**
   * The fewest management API writes a new SparkCluster needs by the contract (api.md, "What the operator
   * does"): the finalizer; a status write for each phase it passes (Provisioning with the bay uuid right after
   * the create call, Deploying, Running); an event on each of those transitions (bay creating, Spark
   * deployed, ready); the kubeconfig Secret. The operator adds the intent it records before the create call
   * (what makes a crash there harmless) and, once per credentials Secret, the in-use finalizer.
   */
  static final int MIN_MANAGEMENT_WRITES = 8;
  /** Namespace, spark-defaults ConfigMap, master Service, master Pod, worker Deployment. */
  static final int MIN_BAY_WRITES = 5;
  /** The create call (a TLS bay adds a certificate signing). */
  static final int MIN_MAGNUM_WRITES = 1;

  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> report = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "100,1000").split(","))
        .map(String::trim).map(Integer::parseInt).toList();
    OperatorBenchmark benchmark = new OperatorBenchmark();
    for (int size : sizes) {
      benchmark.run(size);
    }
    benchmark.latency();
    benchmark.write();
    System.exit(0);
  }

  private void line(String format, Object... values) {
    String text = String.format(Locale.ROOT, format, values);
    System.out.println("BENCH " + text);
    report.add(text);
  }

  private void result(String key, Object value) {
    results.put(key, value);
  }

  /** The environment of one run: fresh mocks, simulator and operator. */
  private static final class Environment implements AutoCloseable {
    final KubeApi management = new KubeApi().withCrd(OperatorHarness.CRD);
    final List<KubeApi> bays = new ArrayList<>();
    final List<NodeSimulator> nodes = new ArrayList<>();
    /** The masters' /json/ through the bay API's service proxy, which the operator reads for registered workers. */
    final List<SparkMasterSimulator> masters = new ArrayList<>();
    final OpenStackSimulator openstack;
    final List<String> passwords = new ArrayList<>();
    OperatorProcess operator;

    Environment() {
      for (int i = 0; i < BAY_APIS; i++) {
        KubeApi bay = new KubeApi();
        bays.add(bay);
        nodes.add(new NodeSimulator(bay.newClient(NODE_SIMULATOR)));
        masters.add(new SparkMasterSimulator(bay));
      }
      OpenStackSimulator.Builder builder = OpenStackSimulator.builder().demoSeed()
          .operationDurations(Duration.ZERO, Duration.ZERO, Duration.ZERO)
          .apiAddress(cluster -> bayApi(cluster.uuid()).url());
      // one user per namespace: each credentials Secret is a session (and a token) of its own
      for (int i = 0; i < NAMESPACES; i++) {
        passwords.add("bench-password-" + i);
        builder.user(UserSeed.member(String.format("b%031d", i), "bench-user-" + i, DemoCloud.DOMAIN_ID,
            passwords.get(i), DemoCloud.PROJECT_ID));
      }
      openstack = builder.start();
    }

    KubeApi bayApi(String key) {
      return bays.get(Math.floorMod(key.hashCode(), BAY_APIS));
    }

    List<KubeApi.Request> bayRequests() {
      List<KubeApi.Request> requests = new ArrayList<>();
      bays.forEach(bay -> requests.addAll(bay.requests()));
      return requests;
    }

    void resetRequests() {
      management.resetRequests();
      bays.forEach(KubeApi::resetRequests);
      openstack.counters().reset();
    }

    void namespaces() {
      KubernetesClient client = management.client();
      for (int i = 0; i < NAMESPACES; i++) {
        String namespace = namespace(i);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
            .build()).create();
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
            .withNewMetadata().withName(OperatorHarness.SECRET).withNamespace(namespace).endMetadata()
            .addToStringData("clouds.yaml", DemoCloud.passwordCloudsYaml(openstack.authUrl(), "bench-user-" + i,
                passwords.get(i), DemoCloud.PROJECT_NAME))
            .build()).create();
      }
    }

    void startOperator(Path gcLog) {
      operator = OperatorProcess.start(OPERATOR, management, Map.of(
              Settings.RESYNC_INTERVAL, RESYNC.toSeconds() + "s",
              Settings.MAGNUM_POLL_INTERVAL, "1s"),
          jvmOptions(gcLog));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(operator::ready);
    }

    @Override
    public void close() {
      if (operator != null) {
        operator.close();
      }
      masters.forEach(SparkMasterSimulator::close);
      nodes.forEach(NodeSimulator::close);
      openstack.close();
      bays.forEach(KubeApi::close);
      management.close();
    }
  }

  /** The operator's JVM: the image's flags, the aim's heap, a GC log, and whatever benchmark.operatorJvm adds. */
  static List<String> jvmOptions(Path gcLog) {
    List<String> options = new ArrayList<>(List.of("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
        "-Xlog:gc:file=" + gcLog.toAbsolutePath()));
    String extra = System.getProperty("benchmark.operatorJvm", "");
    if (!extra.isBlank()) {
      options.addAll(Arrays.asList(extra.trim().split("\\s+")));
    }
    return options;
  }

  static String namespace(int i) {
    return "bench-" + i;
  }

  static SparkCluster sparkCluster(String namespace, String name, String template, String bayName) {
    SparkCluster cluster = new SparkCluster();
    cluster.getMetadata().setNamespace(namespace);
    cluster.getMetadata().setName(name);
    SparkClusterSpec spec = new SparkClusterSpec();
    spec.getCloud().setSecretName(OperatorHarness.SECRET);
    spec.getBay().setTemplate(template);
    spec.getBay().setName(bayName);
    cluster.setSpec(spec);
    return cluster;
  }

  private static boolean ready(SparkCluster cluster) {
    return cluster.getStatus() != null && cluster.getStatus().condition("Ready")
        .map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
  }

  /** Records when each SparkCluster is first seen Ready. */
  private static final class ReadyWatch implements AutoCloseable {
    final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    final SharedIndexInformer<SparkCluster> informer;

    ReadyWatch(KubernetesClient client) {
      informer = client.resources(SparkCluster.class).inAnyNamespace().inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(SparkCluster cluster) {
          note(cluster);
        }

        @Override
        public void onUpdate(SparkCluster before, SparkCluster after) {
          note(after);
        }

        @Override
        public void onDelete(SparkCluster cluster, boolean unknown) {}
      }, 0);
    }

    private void note(SparkCluster cluster) {
      if (ready(cluster)) {
        readyAt.putIfAbsent(cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName(), Instant.now());
      }
    }

    @Override
    public void close() {
      informer.stop();
    }
  }

  /** The mock API's raw create throughput: {@code count} SparkClusters by a plain client from 8 threads. */
  private static double rawCreatesPerSecond(int count) throws Exception {
    try (KubeApi api = new KubeApi().withCrd(OperatorHarness.CRD)) {
      KubernetesClient client = api.newClient();
      ExecutorService threads = Executors.newFixedThreadPool(8);
      long start = System.nanoTime();
      List<Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        SparkCluster cluster = sparkCluster(namespace(i % NAMESPACES), "raw-" + i, DemoCloud.PLAIN_HTTP_TEMPLATE_NAME,
            null);
        creates.add(threads.submit(() -> client.resource(cluster).create()));
      }
      for (Future<?> create : creates) {
        create.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      threads.shutdown();
      client.close();
      return count / seconds;
    }
  }

  private static long count(List<KubeApi.Request> requests, Predicate<KubeApi.Request> which) {
    return requests.stream().filter(which).count();
  }

  private static boolean managementWriteByOperator(KubeApi.Request request) {
    return OPERATOR.equals(request.userAgent()) && request.isWrite();
  }

  /** The node simulator writes pod and Deployment status in the bays, everything else is the operator's. */
  private static boolean bayWriteByOperator(KubeApi.Request request) {
    return request.isWrite() && !NODE_SIMULATOR.equals(request.userAgent());
  }

  private static long magnumWrites(OpenStackSimulator openstack) {
    var calls = openstack.counters().magnumCalls();
    return calls.getOrDefault("clusters.create", 0L) + calls.getOrDefault("clusters.update", 0L)
        + calls.getOrDefault("clusters.delete", 0L) + calls.getOrDefault("certificates.sign", 0L);
  }

  private static long magnumCalls(OpenStackSimulator openstack) {
    return openstack.counters().magnumCalls().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Heap in use now, from the operator's /metrics (JVM memory meters), in MiB; 0 when it does not answer. */
  private static double heapUsedMiB(OperatorProcess operator) {
    double bytes = 0;
    for (String line : operator.metrics().split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024 * 1024);
  }

  private static double reconciliationsStarted(OperatorProcess operator) {
    return metric(operator, "operator_sdk_reconciliations_started_total");
  }

  /** The sum of a meter's series in the operator's /metrics. */
  private static double metric(OperatorProcess operator, String name) {
    double total = 0;
    for (String line : operator.metrics().split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private void run(int n) throws Exception {
    line("=== N = %d SparkClusters, instantly complete bays (template %s), %d credentials Secrets", n,
        DemoCloud.PLAIN_HTTP_TEMPLATE_NAME, NAMESPACES);
    double rawCreates = rawCreatesPerSecond(MIN_MANAGEMENT_WRITES * n);
    double limit = rawCreates / MIN_MANAGEMENT_WRITES;
    line("physical limit: the mock management API takes %.0f creates/s (%d creates, plain fabric8 client, 8 threads);"
        + " / %d writes per SparkCluster = %.1f SparkClusters/s", rawCreates, MIN_MANAGEMENT_WRITES * n,
        MIN_MANAGEMENT_WRITES, limit);
    result("n" + n + ".rawCreatesPerSecond", rawCreates);
    result("n" + n + ".limitClustersPerSecond", limit);

    Files.createDirectories(OUTPUT);
    Path gcLog = OUTPUT.resolve("operator-gc-n" + n + ".log");
    try (Environment env = new Environment()) {
      env.namespaces();
      env.startOperator(gcLog);
      env.resetRequests();
      double[] sampledHeap = {0};
      var sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleWithFixedDelay(() -> sampledHeap[0] = Math.max(sampledHeap[0], heapUsedMiB(env.operator)), 0, 500,
          java.util.concurrent.TimeUnit.MILLISECONDS);
      double threadsBefore = metric(env.operator, "jvm_threads_started_threads_total");
      try (ReadyWatch watch = new ReadyWatch(env.management.newClient())) {
        Map<String, Instant> appliedAt = new ConcurrentHashMap<>();
        ExecutorService appliers = Executors.newFixedThreadPool(8);
        KubernetesClient client = env.management.newClient();
        Instant start = Instant.now();
        List<Future<?>> applies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String namespace = namespace(i % NAMESPACES);
          String name = "spark-" + i;
          SparkCluster cluster = sparkCluster(namespace, name, DemoCloud.PLAIN_HTTP_TEMPLATE_NAME, null);
          applies.add(appliers.submit(() -> {
            client.resource(cluster).create();
            appliedAt.put(namespace + "/" + name, Instant.now());
          }));
        }
        for (Future<?> apply : applies) {
          apply.get();
        }
        appliers.shutdown();
        Duration applying = Duration.between(start, Instant.now());
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(200))
            .until(() -> watch.readyAt.size() >= n);
        Instant allReady = watch.readyAt.values().stream().max(Instant::compareTo).orElseThrow();
        double seconds = Duration.between(start, allReady).toMillis() / 1000.0;
        double throughput = n / seconds;
        line("apply -> all Ready: %.1f s (applying took %.1f s): %.1f SparkClusters/s = %.2f of the limit (aim >= 0.5)",
            seconds, applying.toMillis() / 1000.0, throughput, throughput / limit);
        List<Long> loaded = new ArrayList<>();
        appliedAt.forEach((key, applied) -> loaded.add(Duration.between(applied, watch.readyAt.get(key)).toMillis()));
        line("apply -> Ready under this load: p50 %d ms, p99 %d ms", percentile(loaded, 50), percentile(loaded, 99));
        result("n" + n + ".seconds", seconds);
        double threadsStarted = metric(env.operator, "jvm_threads_started_threads_total") - threadsBefore;
        line("operator threads: %.0f started from apply to all Ready, %.0f live at most", threadsStarted,
            metric(env.operator, "jvm_threads_peak_threads"));
        result("n" + n + ".threadsStarted", threadsStarted);
        result("n" + n + ".clustersPerSecond", throughput);
        result("n" + n + ".ratioToLimit", throughput / limit);

        // let the last status writes and events land, then count
        quiet(env);
        List<KubeApi.Request> management = env.management.requests();
        List<KubeApi.Request> bay = env.bayRequests();
        double managementWrites = count(management, OperatorBenchmark::managementWriteByOperator) / (double) n;
        double bayWrites = count(bay, OperatorBenchmark::bayWriteByOperator) / (double) n;
        double magnumWrites = magnumWrites(env.openstack) / (double) n;
        line("writes per new SparkCluster: management API %.2f (min %d, ratio %.2f, aim <= 1.5), bay API %.2f (min %d,"
            + " ratio %.2f), Magnum %.2f (min %d, ratio %.2f)", managementWrites, MIN_MANAGEMENT_WRITES,
            managementWrites / MIN_MANAGEMENT_WRITES, bayWrites, MIN_BAY_WRITES, bayWrites / MIN_BAY_WRITES,
            magnumWrites, MIN_MAGNUM_WRITES, magnumWrites / MIN_MAGNUM_WRITES);
        line("  management writes by kind: %s", byKind(management, OperatorBenchmark::managementWriteByOperator, n));
        line("  bay writes by kind: %s", byKind(bay, OperatorBenchmark::bayWriteByOperator, n));
        line("  management reads by kind: %s", byKind(management, r -> OPERATOR.equals(r.userAgent()) && !r.isWrite(), n));
        line("  bay reads by kind: %s", byKind(bay, r -> !r.isWrite() && !NODE_SIMULATOR.equals(r.userAgent()), n));
        line("  reads per new SparkCluster: management API %.2f, bay API %.2f, Magnum calls in all %.2f",
            count(management, r -> OPERATOR.equals(r.userAgent()) && !r.isWrite()) / (double) n,
            count(bay, r -> !r.isWrite()) / (double) n, magnumCalls(env.openstack) / (double) n);
        line("  Magnum calls by operation: %s", env.openstack.counters().magnumCalls());
        result("n" + n + ".managementWritesPerCluster", managementWrites);
        result("n" + n + ".bayWritesPerCluster", bayWrites);
        result("n" + n + ".magnumWritesPerCluster", magnumWrites);
        long tokens = env.openstack.counters().tokensIssued();
        line("Keystone tokens: %d for %d credentials Secrets = %.2f per Secret (aim 1)", tokens, NAMESPACES,
            tokens / (double) NAMESPACES);
        result("n" + n + ".tokensPerSecret", tokens / (double) NAMESPACES);

        // a steady-state resync: every SparkCluster reconciled once more, nothing changed
        env.resetRequests();
        double before = reconciliationsStarted(env.operator);
        await().atMost(RESYNC.multipliedBy(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> reconciliationsStarted(env.operator) - before >= n);
        quiet(env);
        double resynced = reconciliationsStarted(env.operator) - before;
        long resyncWrites = count(env.management.requests(), OperatorBenchmark::managementWriteByOperator)
            + count(env.bayRequests(), OperatorBenchmark::bayWriteByOperator);
        double resyncMagnum = magnumCalls(env.openstack) / resynced;
        line("steady-state resync (%.0f reconciliations): %d writes (aim 0), %.2f Magnum calls per SparkCluster %s,"
            + " %d new tokens", resynced, resyncWrites, resyncMagnum, env.openstack.counters().magnumCalls(),
            env.openstack.counters().tokensIssued());
        result("n" + n + ".resyncWrites", resyncWrites);
        result("n" + n + ".resyncMagnumCallsPerCluster", resyncMagnum);
        sampler.shutdownNow();
        line("operator heap used, sampled from /metrics every 0.5 s: at most %.0f MiB", sampledHeap[0]);
        result("n" + n + ".heapSampledPeakMiB", sampledHeap[0]);
        env.operator.close();
      }
    }
    heap(gcLog, n);
  }

  /** Waits until the operator has written nothing for two seconds. */
  private static void quiet(Environment env) {
    long[] last = {-1};
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      long writes = count(env.management.requests(), OperatorBenchmark::managementWriteByOperator)
          + count(env.bayRequests(), OperatorBenchmark::bayWriteByOperator);
      boolean same = writes == last[0];
      last[0] = writes;
      return same;
    });
  }

  private static Map<String, String> byKind(List<KubeApi.Request> requests, Predicate<KubeApi.Request> which, int n) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (KubeApi.Request request : requests) {
      if (which.test(request)) {
        counts.merge(request.method() + " " + kind(request.path()), 1L, Long::sum);
      }
    }
    Map<String, String> perCluster = new LinkedHashMap<>();
    counts.forEach((kind, count) -> perCluster.put(kind, String.format(Locale.ROOT, "%.2f", count / (double) n)));
    return perCluster;
  }

  /** "sparkclusters/status", "events", "secrets", ... from an API path. */
  private static String kind(String path) {
    String[] parts = path.split("\\?")[0].split("/");
    int namespaces = Arrays.asList(parts).indexOf("namespaces");
    if (namespaces < 0 || namespaces + 2 >= parts.length) {
      return namespaces < 0 ? parts[parts.length - 1] : "namespaces";
    }
    String kind = parts[namespaces + 2];
    return parts[parts.length - 1].equals("status") ? kind + "/status" : kind;
  }

  private void heap(Path gcLog, int n) throws IOException {
    long peakBefore = 0;
    long peakAfter = 0;
    long committed = 0;
    int pauses = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher pause = GC_PAUSE.matcher(line);
      if (pause.find()) {
        pauses++;
        peakBefore = Math.max(peakBefore, Long.parseLong(pause.group(1)));
        peakAfter = Math.max(peakAfter, Long.parseLong(pause.group(2)));
        committed = Math.max(committed, Long.parseLong(pause.group(3)));
      }
    }
    line("operator heap with %d SparkClusters (-Xmx" + HEAP + "): peak occupancy %d MiB before a GC, peak live %d MiB after"
        + " one, at most %d MiB committed, %d GC pauses (aim: < 256 MiB)", n, peakBefore, peakAfter, committed, pauses);
    result("n" + n + ".heapPeakMiB", peakBefore);
    result("n" + n + ".heapLiveMiB", peakAfter);
  }

  /** apply -> Ready for one SparkCluster at a time, its bay already complete (adopted by name). */
  private void latency() throws Exception {
    try (Environment env = new Environment()) {
      env.namespaces();
      for (int i = 0; i < LATENCY_SAMPLES; i++) {
        env.openstack.addCluster(ClusterSeed.builder("ready-bay-" + i, DemoCloud.PLAIN_HTTP_TEMPLATE_NAME)
            .apiAddress(env.bayApi("ready-bay-" + i).url()).build());
      }
      env.startOperator(OUTPUT.resolve("operator-gc-latency.log"));
      try (ReadyWatch watch = new ReadyWatch(env.management.newClient())) {
        KubernetesClient client = env.management.newClient();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
          String namespace = namespace(i % NAMESPACES);
          String name = "adopt-" + i;
          Instant applied = Instant.now();
          client.resource(sparkCluster(namespace, name, null, "ready-bay-" + i)).create();
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
              .until(() -> watch.readyAt.containsKey(namespace + "/" + name));
          latencies.add(Duration.between(applied, watch.readyAt.get(namespace + "/" + name)).toMillis());
        }
        // the first ones include the JIT warming up and the first token of each Secret
        List<Long> warm = latencies.subList(NAMESPACES * 2, latencies.size());
        line("=== apply -> Ready, one at a time, bay already complete (%d samples after %d warm-up): p50 %d ms,"
            + " p99 %d ms, max %d ms", warm.size(), NAMESPACES * 2, percentile(warm, 50), percentile(warm, 99),
            warm.stream().mapToLong(Long::longValue).max().orElse(0));
        result("latency.p50Millis", percentile(warm, 50));
        result("latency.p99Millis", percentile(warm, 99));
      }
    }
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private void write() throws IOException {
    Files.createDirectories(OUTPUT);
    Files.write(OUTPUT.resolve("operator-benchmark.txt"), report);
    StringBuilder json = new StringBuilder("{\n");
    results.forEach((key, value) -> json.append(String.format(Locale.ROOT, "  \"%s\": %s,%n", key,
        value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value)));
    json.setLength(json.length() - 2);
    json.append("\n}\n");
    Files.writeString(OUTPUT.resolve("operator-benchmark.json"), json);
    System.out.println("BENCH written to " + OUTPUT.toAbsolutePath());
  }
}
