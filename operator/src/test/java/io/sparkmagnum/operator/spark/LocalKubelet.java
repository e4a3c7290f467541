package io.sparkmagnum.operator.spark;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs pods of the builders as local processes, for a test where no kubelet exists. Only this translation is its
 * own; commands, arguments, environment, ports and mounted files come from the pod specs:
 *
 * <ul>
 *   <li>the image's {@code /opt/spark/bin/spark-class} (and {@code spark-submit}) becomes what the script does: run
 *       Spark's launcher ({@code org.apache.spark.launcher.Main}) from {@code $SPARK_HOME/jars} and execute the
 *       command it prints; {@code $SPARK_HOME} is a local directory laid out like the image's /opt/spark;
 *   <li>the image's environment (SPARK_HOME, JAVA_HOME, PATH, and the SPARK_SCALA_VERSION that spark-class's
 *       load-spark-env.sh exports) is the base the container env is put over;
 *   <li>every pod shares the host's loopback as its pod IP: {@code SPARK_LOCAL_IP=127.0.0.1}, and each container
 *       port gets a free host port (several pods on one host cannot all listen on 8081; pods on separate hosts
 *       could); env values and arguments that are a declared container port are mapped to it;
 *   <li>volumes are directories of the pod (ConfigMap volumes hold the ConfigMap's files); env values and arguments
 *       under a mount path are mapped into them, as is the image's working directory;
 *   <li>cluster DNS: {@code <service>.<namespace>.svc} resolves to loopback through a hosts file given to the JVMs
 *       (-Djdk.net.hosts.file), and a Service port is rewritten to the host port of the pod behind it, in
 *       arguments, env values and mounted files.
 * </ul>
 */
final class LocalKubelet implements AutoCloseable {
  private static final String IMAGE_SPARK_HOME = "/opt/spark";
  private static final String IMAGE_WORKDIR = "/opt/spark/work-dir";
  private static final String LOOPBACK = "127.0.0.1";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Path sparkHome;
  private final Path root;
  private final Path hostsFile;
  private final Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
  /** {@code host:servicePort} as a client in the cluster writes it, to {@code host:hostPort} of the pod behind. */
  private final Map<String, String> serviceEndpoints = new LinkedHashMap<>();
  private final Set<Integer> allocatedPorts = new HashSet<>();
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  LocalKubelet(Path sparkHome, Path root, List<Service> services) throws IOException {
    this.sparkHome = sparkHome;
    this.root = Files.createDirectories(root);
    StringBuilder hosts = new StringBuilder("127.0.0.1 localhost " + InetAddress.getLocalHost().getHostName() + "\n");
    for (Service service : services) {
      hosts.append(LOOPBACK).append(' ').append(serviceHost(service)).append('\n');
    }
    this.hostsFile = Files.writeString(root.resolve("hosts"), hosts.toString());
  }

  void addConfigMap(ConfigMap configMap) {
    configMaps.put(configMap.getMetadata().getName(), configMap);
  }

  /** A pod with its host ports and directories; started by {@link LocalPod#start()}. */
  LocalPod pod(String name, PodSpec spec) throws IOException {
    if (spec.getContainers().size() != 1) {
      throw new IllegalArgumentException("one container per pod is all this kubelet runs");
    }
    Map<Integer, Integer> hostPorts = new LinkedHashMap<>();
    for (ContainerPort port : spec.getContainers().get(0).getPorts()) {
      hostPorts.put(port.getContainerPort(), freePort());
    }
    return new LocalPod(name, spec, hostPorts, Files.createDirectories(root.resolve(name)));
  }

  /** Routes the Service's ports to the pod's host ports (what kube-proxy and the endpoints controller do). */
  void expose(Service service, LocalPod pod) {
    Container container = pod.spec.getContainers().get(0);
    for (ServicePort servicePort : service.getSpec().getPorts()) {
      int containerPort = servicePort.getTargetPort().getStrVal() == null
          ? servicePort.getTargetPort().getIntVal()
          : namedPort(container, servicePort.getTargetPort().getStrVal());
      serviceEndpoints.put(serviceHost(service) + ":" + servicePort.getPort(),
          serviceHost(service) + ":" + pod.hostPorts.get(containerPort));
    }
  }

  @Override
  public void close() {
    terminate(processes);
  }

  /** SIGTERM to the processes and their descendants, SIGKILL to whatever still runs after a grace period. */
  private static void terminate(List<Process> processes) {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process process : processes) {
      // executors are children of the worker JVM; collect them before their parent goes
      all.addAll(process.descendants().toList());
      all.add(process.toHandle());
    }
    all.forEach(ProcessHandle::destroy);
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
    }
  }

  /** What an HTTP client on the host gets from a URL. */
  HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int freePort() throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        if (allocatedPorts.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      }
    }
  }

  private static String serviceHost(Service service) {
    return service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc";
  }

  private static int namedPort(Container container, String name) {
    return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no container port named " + name))
        .getContainerPort();
  }

  /** One pod: its container's process, and what {@code kubectl exec} starts in it. */
  final class LocalPod {
    private final String name;
    private final PodSpec spec;
    private final Map<Integer, Integer> hostPorts;
    private final Path directory;
    private final Map<String, Path> mounts = new LinkedHashMap<>();
    private Process process;
    private int execs;

    private LocalPod(String name, PodSpec spec, Map<Integer, Integer> hostPorts, Path directory) {
      this.name = name;
      this.spec = spec;
      this.hostPorts = hostPorts;
      this.directory = directory;
    }

    /** Mounts the volumes and starts the container's command. */
    LocalPod start() throws IOException, InterruptedException {
      Container container = spec.getContainers().get(0);
      for (VolumeMount mount : container.getVolumeMounts()) {
        mounts.put(mount.getMountPath(), mountVolume(volume(mount.getName())));
      }
      List<String> command = new ArrayList<>(container.getCommand());
      command.addAll(container.getArgs());
      process = run(command, directory.resolve(container.getName() + ".log"));
      return this;
    }

    /** Deletes the pod: its container's process (and its children) terminated. */
    void stop() {
      terminate(List.of(process));
    }

    /** Runs a command in the pod's container, as {@code kubectl exec} would; its output goes to a log file. */
    Process exec(List<String> command) throws IOException, InterruptedException {
      return run(command, directory.resolve("exec-" + (++execs) + ".log"));
    }

    Path log(String file) {
      return directory.resolve(file);
    }

    /** The host port standing for one of the container's ports. */
    int hostPort(int containerPort) {
      return hostPorts.get(containerPort);
    }

    /** Waits until the container's readiness probe (an HTTP GET) succeeds; fails at once if the process died. */
    void awaitReady() {
      Container container = spec.getContainers().get(0);
      HTTPGetAction probe = container.getReadinessProbe().getHttpGet();
      int port = probe.getPort().getStrVal() == null
          ? probe.getPort().getIntVal()
          : namedPort(container, probe.getPort().getStrVal());
      String url = "http://" + LOOPBACK + ":" + hostPort(port) + probe.getPath();
      await("readiness of pod " + name + " at " + url).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsMatching(e -> e instanceof IOException)
          .until(() -> {
            if (!process.isAlive()) {
              throw new IllegalStateException("pod " + name + " exited with " + process.exitValue() + ", see "
                  + directory.resolve(container.getName() + ".log"));
            }
            int status = get(url).statusCode();
            return status >= 200 && status < 400;
          });
    }

    private Process run(List<String> command, Path log) throws IOException, InterruptedException {
      Map<String, String> env = environment();
      List<String> argv = command.stream().map(this::translate).toList();
      List<String> processArgv = switch (argv.get(0)) {
        case IMAGE_SPARK_HOME + "/bin/spark-class" -> sparkClass(argv.subList(1, argv.size()), env);
        case IMAGE_SPARK_HOME + "/bin/spark-submit" -> {
          List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit"));
          submit.addAll(argv.subList(1, argv.size()));
          yield sparkClass(submit, env);
        }
        default -> argv;
      };
      ProcessBuilder builder = new ProcessBuilder(processArgv)
          .directory(workingDirectory().toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      Process started = builder.start();
      processes.add(started);
      return started;
    }

    /**
     * What bin/spark-class does: run Spark's launcher, which prints a NUL and a newline, then the command to
     * execute as NUL-terminated arguments.
     */
    private List<String> sparkClass(List<String> classAndArgs, Map<String, String> env)
        throws IOException, InterruptedException {
      List<String> launcher = new ArrayList<>(List.of(
          Path.of(env.get("JAVA_HOME"), "bin", "java").toString(), "-Xmx128m",
          "-cp", sparkHome.resolve("jars") + "/*", "org.apache.spark.launcher.Main"));
      launcher.addAll(classAndArgs);
      ProcessBuilder builder = new ProcessBuilder(launcher).redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().clear();
      builder.environment().putAll(env);
      Process process = builder.start();
      processes.add(process);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("Spark's launcher failed for " + classAndArgs + ": " + output);
      }
      int start = output.indexOf("\0\n");
      if (start < 0) {
        throw new IllegalStateException("Spark's launcher printed no command: " + output);
      }
      return List.of(output.substring(start + 2).split("\0"));
    }

    private Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      // the image's environment
      env.put("PATH", System.getenv("PATH"));
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("SPARK_HOME", sparkHome.toString());
      env.put("SPARK_SCALA_VERSION", "2.12");
      // the pod network: its IP, and the cluster DNS for the JVMs of daemons and of spark-submit
      env.put("SPARK_LOCAL_IP", LOOPBACK);
      env.put("SPARK_DAEMON_JAVA_OPTS", "-Djdk.net.hosts.file=" + hostsFile);
      env.put("SPARK_SUBMIT_OPTS", "-Djdk.net.hosts.file=" + hostsFile);
      for (EnvVar var : spec.getContainers().get(0).getEnv()) {
        env.put(var.getName(), translate(var.getValue()));
      }
      return env;
    }

    /** A container's view of a value turned into the host's: Service endpoints, container ports, mount paths. */
    private String translate(String value) {
      for (Map.Entry<String, String> endpoint : serviceEndpoints.entrySet()) {
        value = value.replace(endpoint.getKey(), endpoint.getValue());
      }
      if (value.matches("[0-9]+") && hostPorts.containsKey(Integer.parseInt(value))) {
        return String.valueOf(hostPorts.get(Integer.parseInt(value)));
      }
      for (Map.Entry<String, Path> mount : mounts.entrySet()) {
        if (value.equals(mount.getKey()) || value.startsWith(mount.getKey() + "/")) {
          return mount.getValue() + value.substring(mount.getKey().length());
        }
      }
      return value;
    }

    private Path workingDirectory() throws IOException {
      Path mounted = mounts.get(IMAGE_WORKDIR);
      return mounted != null ? mounted : Files.createDirectories(directory.resolve("work-dir"));
    }

    private Volume volume(String volumeName) {
      return spec.getVolumes().stream().filter(volume -> volume.getName().equals(volumeName)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("pod " + name + " mounts unknown volume " + volumeName));
    }

    private Path mountVolume(Volume volume) throws IOException {
      Path path = Files.createDirectories(directory.resolve("volumes").resolve(volume.getName()));
      if (volume.getConfigMap() != null) {
        ConfigMap configMap = configMaps.get(volume.getConfigMap().getName());
        if (configMap == null) {
          throw new IllegalStateException("pod " + name + " mounts missing ConfigMap " + volume.getConfigMap().getName());
        }
        configMap.getData().forEach((file, content) -> {
          try {
            Files.writeString(path.resolve(file), translateServices(content));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      } else if (volume.getEmptyDir() == null) {
        throw new IllegalArgumentException("pod " + name + " has a volume this kubelet cannot provide: " + volume);
      }
      return path;
    }

    private String translateServices(String content) {
      for (Map.Entry<String, String> endpoint : serviceEndpoints.entrySet()) {
        content = content.replace(endpoint.getKey(), endpoint.getValue());
      }
      return content;
    }
  }
}
