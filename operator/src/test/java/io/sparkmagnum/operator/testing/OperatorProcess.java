package io.sparkmagnum.operator.testing;

import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.testkit.KubeApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The operator as it ships, {@code Main} in a JVM of its own against the embedded management API,
 * so that a test can kill it (SIGKILL, nothing runs on the way out) and start another one. It
 * sends its identity as the User-Agent of its requests to the management API, so that the API's
 * request log tells instances apart ({@link KubeApi.Request#userAgent()}).
 */
public final class OperatorProcess implements AutoCloseable {
  private static final Path DIRECTORY = Path.of("target", "operator-processes");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String identity;
  private final Process process;
  private final Path output;
  private final int metricsPort;

  private OperatorProcess(String identity, Process process, Path output, int metricsPort) {
    this.identity = identity;
    this.process = process;
    this.output = output;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts {@code Main} with the settings the in-JVM harness uses (Magnum polled every second),
   * overridden by {@code environment}; {@code jvmOptions} e.g. -Xmx256m.
   */
  public static OperatorProcess start(String identity, KubeApi management, Map<String, String> environment,
      List<String> jvmOptions) {
    try {
      Files.createDirectories(DIRECTORY);
      Path kubeconfig = DIRECTORY.resolve(identity + "-kubeconfig.yaml");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters:
          - name: management
            cluster:
              server: %s
          users:
          - name: operator
            user: {}
          contexts:
          - name: management
            context:
              cluster: management
              user: operator
              namespace: default
          current-context: management
          """.formatted(management.url()));
      int metricsPort = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmOptions);
      command.addAll(classPathAndMain());
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("KUBERNETES_") || name.equals("WATCH_NAMESPACES")
          || name.equals("LEADER_ELECTION_NAMESPACE"));
      Map<String, String> settings = new HashMap<>(Map.of(
          "KUBECONFIG", kubeconfig.toAbsolutePath().toString(),
          "KUBERNETES_USER_AGENT", identity,
          Settings.METRICS_PORT, String.valueOf(metricsPort),
          Settings.MAGNUM_POLL_INTERVAL, "1s",
          Settings.RESYNC_INTERVAL, "10m",
          Settings.POD_NAME, identity));
      settings.putAll(environment);
      env.putAll(settings);
      Path output = DIRECTORY.resolve(identity + "-" + System.currentTimeMillis() + ".log");
      builder.redirectErrorStream(true).redirectOutput(output.toFile());
      Process process = builder.start();
      // no operator outlives the JVM that started it, also when a test or the benchmark is interrupted
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + identity));
      return new OperatorProcess(identity, process, output, metricsPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar that `mvn package` built when there is one (what ships), else this JVM's class path. */
  private static List<String> classPathAndMain() {
    Path jar = Path.of(System.getProperty("runnable.jar", "target/runnable.jar"));
    if (Files.isRegularFile(jar)) {
      return List.of("-jar", jar.toString());
    }
    return List.of("-cp", System.getProperty("java.class.path"), "io.sparkmagnum.operator.runtime.Main");
  }

  public String identity() {
    return identity;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** GET /readyz answers 200: informers synced (a replica standing by for leadership is ready too). */
  public boolean ready() {
    return get("/readyz").map(response -> response.statusCode() == 200).orElse(false);
  }

  /** This replica reconciles: it leads, or leader election is off. */
  public boolean leading() {
    return metrics().contains("sparkmagnum_leader 1.0");
  }

  /** The Prometheus text of /metrics, empty when it does not answer. */
  public String metrics() {
    return get("/metrics").map(HttpResponse::body).orElse("");
  }

  private Optional<HttpResponse<String>> get(String path) {
    try {
      return Optional.of(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Everything the process wrote to standard output and error so far. */
  public Path output() {
    return output;
  }

  public String outputText() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no lease release, no reconciliation finishes. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("operator process " + identity + " did not die");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
