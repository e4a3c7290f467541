package io.sparkmagnum.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stateful Keystone v3 + Magnum v1 simulator on loopback, for tests and demos. Keystone and
 * Magnum listen on two ports, like a real cloud; Keystone's catalog points at Magnum.
 *
 * <pre>{@code
 * try (OpenStackSimulator sim = OpenStackSimulator.builder().demoSeed().clock(clock).start()) {
 *   String authUrl = sim.authUrl();          // http://127.0.0.1:PORT/v3
 *   sim.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_CREATE, 1, 503);
 *   ...
 *   assertThat(sim.clustersCreatedThroughApi()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class OpenStackSimulator implements AutoCloseable {
  static {
    // The JDK server writes headers and body apart; with Nagle's algorithm on, each keep-alive
    // answer waits for the client's delayed ACK (about 40 ms). The JDK reads this property once,
    // when its first HttpServer starts, so it only helps when nobody set it before.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer keystoneServer;
  private final HttpServer magnumServer;
  private final ExecutorService executor;
  private final KeystoneApi keystone;
  private final MagnumApi magnum;
  private final Identity identity;
  private final ClusterRegistry registry;
  private final Counters counters;
  private final Faults faults;
  private final Clock clock;

  private OpenStackSimulator(Builder builder) throws IOException {
    this.clock = builder.clock;
    this.counters = new Counters();
    this.identity =
        new Identity(
            builder.domains, builder.projects, builder.users, builder.applicationCredentials, clock,
            builder.tokenLifetime);
    this.faults = new Faults(identity::revokeAll);
    this.registry =
        new ClusterRegistry(
            clock, faults, builder.createDuration, builder.updateDuration, builder.deleteDuration,
            builder.apiAddressFunction);
    this.keystone = new KeystoneApi(identity, counters, faults, builder.region, this::magnumUrl);
    this.magnum =
        new MagnumApi(
            identity, registry, counters, faults, this::keystoneBaseUrl, builder.minVersion, builder.maxVersion);
    this.executor = Executors.newCachedThreadPool(daemonThreads());
    InetAddress loopback = InetAddress.getLoopbackAddress();
    this.keystoneServer = HttpServer.create(new InetSocketAddress(loopback, builder.keystonePort), 0);
    try {
      this.magnumServer = HttpServer.create(new InetSocketAddress(loopback, builder.magnumPort), 0);
    } catch (IOException e) {
      keystoneServer.stop(0);
      throw e;
    }
    keystoneServer.createContext("/", keystone);
    magnumServer.createContext("/", magnum);
    keystoneServer.setExecutor(executor);
    magnumServer.setExecutor(executor);
    keystone.baseUrl("http://" + hostPort(keystoneServer));
    magnum.baseUrl("http://" + hostPort(magnumServer));
    builder.templates.forEach(this::addClusterTemplate);
    builder.clusters.forEach(this::addCluster);
    keystoneServer.start();
    magnumServer.start();
  }

  public static Builder builder() {
    return new Builder();
  }

  private static String hostPort(HttpServer server) {
    InetSocketAddress address = server.getAddress();
    return address.getAddress().getHostAddress() + ":" + address.getPort();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "openstack-simulator-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Keystone's v3 endpoint, what clouds.yaml calls auth_url: http://127.0.0.1:PORT/v3. */
  public String authUrl() {
    return keystone.baseUrl() + "/v3";
  }

  /** Magnum's endpoint as the catalog lists it: http://127.0.0.1:PORT/v1. */
  public String magnumUrl() {
    return magnum.endpoint();
  }

  private String keystoneBaseUrl() {
    return keystone.baseUrl();
  }

  public Faults faults() {
    return faults;
  }

  public Counters counters() {
    return counters;
  }

  public Clock clock() {
    return clock;
  }

  /** The clusters that exist now (not yet deleted), in creation order. */
  public List<ClusterSnapshot> clusters() {
    return registry.snapshots(false);
  }

  /** Every cluster that ever existed, deleted ones included, in creation order. */
  public List<ClusterSnapshot> clusterHistory() {
    return registry.snapshots(true);
  }

  public Optional<ClusterSnapshot> cluster(String uuid) {
    return clusters().stream().filter(cluster -> cluster.uuid().equals(uuid)).findFirst();
  }

  /** How many clusters POST /v1/clusters created over the simulator's life (seeds excluded). */
  public long clustersCreatedThroughApi() {
    return clusterHistory().stream().filter(cluster -> !cluster.seeded()).count();
  }

  /** How many clusters finished deleting over the simulator's life. */
  public long clustersDeleted() {
    return clusterHistory().stream().filter(ClusterSnapshot::deleted).count();
  }

  /** Adds a cluster template at run time; owned by its project or the first seeded project. */
  public void addClusterTemplate(ClusterTemplateSeed seed) {
    String projectId = seed.projectId() != null ? seed.projectId() : firstProjectId();
    identity.projectById(projectId).orElseThrow(() -> new IllegalArgumentException("unknown project " + projectId));
    registry.addTemplate(seed, projectId, null);
  }

  /** Adds an existing cluster at run time (e.g. a bay to adopt); returns its uuid. */
  public String addCluster(ClusterSeed seed) {
    ClusterRegistry.Scope everything = new ClusterRegistry.Scope(firstProjectId(), true);
    ClusterRegistry.TemplateRecord template =
        registry
            .templateByUuid(seed.template(), everything)
            .or(() -> registry.templatesByName(seed.template(), everything).stream().findFirst())
            .orElseThrow(() -> new IllegalArgumentException("unknown cluster template " + seed.template()));
    if (seed.projectId() != null) {
      identity
          .projectById(seed.projectId())
          .orElseThrow(() -> new IllegalArgumentException("unknown project " + seed.projectId()));
    }
    registry.seed(seed, template, null);
    return seed.uuid();
  }

  /**
   * Puts a cluster in any Magnum status, e.g. UPDATE_FAILED; an *_IN_PROGRESS status finishes
   * after the configured duration. statusReason null: what Heat would say.
   */
  public void forceClusterStatus(String uuid, String status, String statusReason) {
    registry.forceStatus(uuid, status, statusReason);
  }

  /** Overrides one cluster's api_address, e.g. to point it at a mock Kubernetes API server. */
  public void setClusterApiAddress(String uuid, String apiAddress) {
    registry.apiAddress(uuid, apiAddress);
  }

  /** Computes the api_address of clusters that complete from now on; null restores the default. */
  public void apiAddressFunction(Function<ClusterSnapshot, String> function) {
    registry.apiAddressFunction(function);
  }

  /** How long simulated create, update and delete operations take from now on (zero: instant). */
  public void operationDurations(Duration create, Duration update, Duration delete) {
    registry.durations(create, update, delete);
  }

  /** The PEM CA certificate of a cluster, as GET /v1/certificates/{uuid} returns it. */
  public String clusterCaCertificate(String uuid) {
    ClusterSnapshot cluster = cluster(uuid).orElseThrow(() -> new IllegalArgumentException("no cluster " + uuid));
    return registry.authority(uuid, cluster.name()).certificatePem();
  }

  /**
   * A server certificate signed by the cluster's CA for the given DNS names or IP literals, so a
   * test HTTPS server can play the cluster's Kubernetes API.
   */
  public ServerCertificate issueServerCertificate(String uuid, String... subjectAlternativeNames) {
    ClusterSnapshot cluster = cluster(uuid).orElseThrow(() -> new IllegalArgumentException("no cluster " + uuid));
    return registry.authority(uuid, cluster.name()).issueServerCertificate(List.of(subjectAlternativeNames));
  }

  private String firstProjectId() {
    return identity
        .firstProject()
        .map(ProjectSeed::id)
        .orElseThrow(() -> new IllegalStateException("seed a project before templates and clusters"));
  }

  /** Stops both servers at once; requests held back by a delay fault are cut off. */
  @Override
  public void close() {
    keystoneServer.stop(0);
    magnumServer.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "OpenStackSimulator[keystone=" + authUrl() + ", magnum=" + magnumUrl() + "]";
  }

  /** Configuration and seed data; {@link #start()} binds the ports. */
  public static final class Builder {
    private int keystonePort;
    private int magnumPort;
    private Clock clock = Clock.systemUTC();
    private Duration tokenLifetime = Duration.ofHours(1);
    private String region = "RegionOne";
    private Microversion minVersion = new Microversion(1, 1);
    private Microversion maxVersion = new Microversion(1, 11);
    private Duration createDuration = Duration.ZERO;
    private Duration updateDuration = Duration.ZERO;
    private Duration deleteDuration = Duration.ZERO;
    private Function<ClusterSnapshot, String> apiAddressFunction;
    private final List<Identity.Domain> domains =
        new ArrayList<>(List.of(new Identity.Domain(DemoCloud.DOMAIN_ID, DemoCloud.DOMAIN_NAME)));
    private final List<ProjectSeed> projects = new ArrayList<>();
    private final List<UserSeed> users = new ArrayList<>();
    private final List<ApplicationCredentialSeed> applicationCredentials = new ArrayList<>();
    private final List<ClusterTemplateSeed> templates = new ArrayList<>();
    private final List<ClusterSeed> clusters = new ArrayList<>();

    private Builder() {}

    /** Keystone's port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.keystonePort = port;
      return this;
    }

    /** Magnum's port; 0 (the default) picks a free one. */
    public Builder magnumPort(int port) {
      this.magnumPort = port;
      return this;
    }

    /** The time source of token expiry and cluster transitions; e.g. a {@link ManualClock}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How long a token is valid; Keystone's default is one hour. */
    public Builder tokenLifetime(Duration tokenLifetime) {
      if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
        throw new IllegalArgumentException("a token lifetime must be positive: " + tokenLifetime);
      }
      this.tokenLifetime = tokenLifetime;
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** The microversion range Magnum accepts, e.g. ("1.1", "1.11") (Magnum 17, the default). */
    public Builder microversions(String min, String max) {
      Microversion parsedMin = Microversion.parse(min);
      Microversion parsedMax = Microversion.parse(max);
      if (parsedMin.compareTo(parsedMax) > 0) {
        throw new IllegalArgumentException("minimum " + min + " above maximum " + max);
      }
      this.minVersion = parsedMin;
      this.maxVersion = parsedMax;
      return this;
    }

    /** How long simulated create, update and delete operations take (zero, the default: instant). */
    public Builder operationDurations(Duration create, Duration update, Duration delete) {
      this.createDuration = Objects.requireNonNull(create);
      this.updateDuration = Objects.requireNonNull(update);
      this.deleteDuration = Objects.requireNonNull(delete);
      return this;
    }

    /** Computes a completed cluster's api_address; default https://MASTER_IP:6443. */
    public Builder apiAddress(Function<ClusterSnapshot, String> function) {
      this.apiAddressFunction = function;
      return this;
    }

    /** A domain besides "default" (named "Default"), which always exists. */
    public Builder domain(String id, String name) {
      domains.add(new Identity.Domain(id, name));
      return this;
    }

    /** A project; the first one owns templates and clusters seeded without a project. */
    public Builder project(ProjectSeed project) {
      projects.add(project);
      return this;
    }

    public Builder user(UserSeed user) {
      users.add(user);
      return this;
    }

    public Builder applicationCredential(ApplicationCredentialSeed credential) {
      applicationCredentials.add(credential);
      return this;
    }

    public Builder clusterTemplate(ClusterTemplateSeed template) {
      templates.add(template);
      return this;
    }

    public Builder cluster(ClusterSeed cluster) {
      clusters.add(cluster);
      return this;
    }

    /** Seeds {@link DemoCloud}: project, user, application credential, two templates, one cluster. */
    public Builder demoSeed() {
      project(new ProjectSeed(DemoCloud.PROJECT_ID, DemoCloud.PROJECT_NAME, DemoCloud.DOMAIN_ID));
      user(
          UserSeed.member(
              DemoCloud.USER_ID, DemoCloud.USER_NAME, DemoCloud.DOMAIN_ID, DemoCloud.PASSWORD, DemoCloud.PROJECT_ID));
      applicationCredential(
          ApplicationCredentialSeed.of(
              DemoCloud.APPLICATION_CREDENTIAL_ID,
              DemoCloud.APPLICATION_CREDENTIAL_NAME,
              DemoCloud.APPLICATION_CREDENTIAL_SECRET,
              DemoCloud.USER_ID,
              DemoCloud.PROJECT_ID));
      clusterTemplate(ClusterTemplateSeed.builder(DemoCloud.TEMPLATE_NAME).uuid(DemoCloud.TEMPLATE_UUID).build());
      clusterTemplate(
          ClusterTemplateSeed.builder(DemoCloud.PLAIN_HTTP_TEMPLATE_NAME)
              .uuid(DemoCloud.PLAIN_HTTP_TEMPLATE_UUID)
              .tlsDisabled(true)
              .build());
      cluster(
          ClusterSeed.builder(DemoCloud.CLUSTER_NAME, DemoCloud.TEMPLATE_NAME)
              .uuid(DemoCloud.CLUSTER_UUID)
              .nodeCount(2)
              .build());
      return this;
    }

    /** Binds both ports on loopback and starts serving. */
    public OpenStackSimulator start() {
      try {
        return new OpenStackSimulator(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the OpenStack simulator", e);
      }
    }
  }
}
