package io.sparkmagnum.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Magnum's database and conductor in one: cluster templates, clusters and their simulated Heat
 * stacks. An operation started at time t finishes at t + its configured duration; the finish is
 * applied lazily, at the first look at the registry from then on, so time is whatever the clock
 * says. All methods are thread-safe.
 */
final class ClusterRegistry {
  /** Which clusters and templates a token may see: its project's, or all for an admin. */
  record Scope(String projectId, boolean admin) {
    boolean sees(String ownerProjectId) {
      return admin || ownerProjectId.equals(projectId);
    }
  }

  record TemplateRecord(ClusterTemplateSeed seed, String projectId, String userId, Instant createdAt) {
    boolean visibleTo(Scope scope) {
      return seed.isPublic() || scope.sees(projectId);
    }
  }

  /** What POST /v1/clusters asks for, after the API filled the template's defaults in. */
  record CreateCommand(
      String name,
      TemplateRecord template,
      int nodeCount,
      int masterCount,
      String keypair,
      int createTimeout,
      Map<String, String> labels,
      String flavorId,
      String masterFlavorId,
      String discoveryUrl,
      Integer dockerVolumeSize,
      String fixedNetwork,
      String fixedSubnet,
      boolean floatingIpEnabled,
      boolean masterLbEnabled,
      String projectId,
      String userId) {}

  /** One cluster's state at one moment, as the API renders it. */
  record ClusterView(
      long id,
      String uuid,
      String name,
      String clusterTemplateId,
      String keypair,
      int nodeCount,
      int masterCount,
      int createTimeout,
      Map<String, String> labels,
      String flavorId,
      String masterFlavorId,
      String discoveryUrl,
      Integer dockerVolumeSize,
      String fixedNetwork,
      String fixedSubnet,
      boolean floatingIpEnabled,
      boolean masterLbEnabled,
      String stackId,
      String status,
      String statusReason,
      String healthStatus,
      Map<String, String> healthStatusReason,
      String apiAddress,
      List<String> masterAddresses,
      List<String> nodeAddresses,
      String coeVersion,
      String containerVersion,
      String projectId,
      String userId,
      Instant createdAt,
      Instant updatedAt) {}

  private enum Kind {
    CREATE,
    UPDATE,
    DELETE
  }

  /** A simulated Heat stack operation under way; failureReason null means it will succeed. */
  private record Pending(Kind kind, Instant due, String finalStatus, String failureReason) {}

  private static final class ClusterRecord {
    long id;
    String uuid;
    String name;
    String templateUuid;
    String keypair;
    int nodeCount;
    int masterCount;
    int createTimeout;
    Map<String, String> labels;
    String flavorId;
    String masterFlavorId;
    String discoveryUrl;
    Integer dockerVolumeSize;
    String fixedNetwork;
    String fixedSubnet;
    boolean floatingIpEnabled;
    boolean masterLbEnabled;
    String stackId;
    String status;
    String statusReason;
    String healthStatus;
    Map<String, String> healthStatusReason;
    String apiAddress;
    List<String> masterAddresses = new ArrayList<>();
    List<String> nodeAddresses = new ArrayList<>();
    String coeVersion;
    String containerVersion;
    String projectId;
    String userId;
    Instant createdAt;
    Instant updatedAt;
    Pending pending;
    boolean seeded;
    boolean deleted;

    ClusterView view() {
      return new ClusterView(
          id, uuid, name, templateUuid, keypair, nodeCount, masterCount, createTimeout, Map.copyOf(labels),
          flavorId, masterFlavorId, discoveryUrl, dockerVolumeSize, fixedNetwork, fixedSubnet, floatingIpEnabled,
          masterLbEnabled, stackId, status, statusReason, healthStatus,
          healthStatusReason == null ? null : Map.copyOf(healthStatusReason), apiAddress,
          List.copyOf(masterAddresses), List.copyOf(nodeAddresses), coeVersion, containerVersion, projectId, userId,
          createdAt, updatedAt);
    }

    ClusterSnapshot snapshot() {
      return new ClusterSnapshot(
          uuid, name, status, statusReason, apiAddress, nodeCount, masterCount, templateUuid, keypair, labels,
          masterAddresses, projectId, createdAt, updatedAt, seeded, deleted);
    }
  }

  private final Clock clock;
  private final Faults faults;
  private final List<TemplateRecord> templates = new ArrayList<>();
  private final Map<String, ClusterRecord> live = new LinkedHashMap<>();
  private final List<ClusterRecord> history = new ArrayList<>();
  private final Map<String, ClusterCertificateAuthority> authorities = new ConcurrentHashMap<>();
  private long nextId = 1;
  private int nextAddress;
  private volatile Duration createDuration;
  private volatile Duration updateDuration;
  private volatile Duration deleteDuration;
  private volatile Function<ClusterSnapshot, String> apiAddressFunction;

  ClusterRegistry(
      Clock clock,
      Faults faults,
      Duration createDuration,
      Duration updateDuration,
      Duration deleteDuration,
      Function<ClusterSnapshot, String> apiAddressFunction) {
    this.clock = clock;
    this.faults = faults;
    durations(createDuration, updateDuration, deleteDuration);
    this.apiAddressFunction = apiAddressFunction;
  }

  void durations(Duration create, Duration update, Duration delete) {
    for (Duration duration : List.of(create, update, delete)) {
      if (duration.isNegative()) {
        throw new IllegalArgumentException("a duration cannot be negative: " + duration);
      }
    }
    this.createDuration = create;
    this.updateDuration = update;
    this.deleteDuration = delete;
  }

  /** Null function: the default, https://MASTER_IP:6443 (http://MASTER_IP:8080 without TLS). */
  void apiAddressFunction(Function<ClusterSnapshot, String> function) {
    this.apiAddressFunction = function;
  }

  // ---------------------------------------------------------------- templates

  synchronized void addTemplate(ClusterTemplateSeed seed, String projectId, String userId) {
    if (templates.stream().anyMatch(template -> template.seed().uuid().equals(seed.uuid()))) {
      throw new IllegalArgumentException("a cluster template with uuid " + seed.uuid() + " exists already");
    }
    templates.add(new TemplateRecord(seed, projectId, userId, clock.instant()));
  }

  synchronized List<TemplateRecord> templates(Scope scope) {
    return templates.stream().filter(template -> template.visibleTo(scope)).toList();
  }

  synchronized Optional<TemplateRecord> templateByUuid(String uuid, Scope scope) {
    return templates.stream()
        .filter(template -> template.seed().uuid().equals(uuid) && template.visibleTo(scope))
        .findFirst();
  }

  synchronized List<TemplateRecord> templatesByName(String name, Scope scope) {
    return templates.stream()
        .filter(template -> template.seed().name().equals(name) && template.visibleTo(scope))
        .toList();
  }

  // ---------------------------------------------------------------- clusters, as the API sees them

  synchronized List<ClusterView> clusters(Scope scope) {
    settleAll();
    return live.values().stream().filter(cluster -> scope.sees(cluster.projectId)).map(ClusterRecord::view).toList();
  }

  synchronized Optional<ClusterView> clusterByUuid(String uuid, Scope scope) {
    settleAll();
    ClusterRecord cluster = live.get(uuid);
    return cluster != null && scope.sees(cluster.projectId) ? Optional.of(cluster.view()) : Optional.empty();
  }

  synchronized List<ClusterView> clustersByName(String name, Scope scope) {
    settleAll();
    return live.values().stream()
        .filter(cluster -> cluster.name.equals(name) && scope.sees(cluster.projectId))
        .map(ClusterRecord::view)
        .toList();
  }

  /** Starts creating a cluster; it is CREATE_IN_PROGRESS until the create duration has passed. */
  synchronized String create(CreateCommand command) {
    settleAll();
    Instant now = clock.instant();
    ClusterRecord cluster = new ClusterRecord();
    cluster.id = nextId++;
    cluster.uuid = UUID.randomUUID().toString();
    cluster.name = command.name();
    cluster.templateUuid = command.template().seed().uuid();
    cluster.keypair = command.keypair();
    cluster.nodeCount = command.nodeCount();
    cluster.masterCount = command.masterCount();
    cluster.createTimeout = command.createTimeout();
    cluster.labels = new LinkedHashMap<>(command.labels());
    cluster.flavorId = command.flavorId();
    cluster.masterFlavorId = command.masterFlavorId();
    cluster.discoveryUrl = command.discoveryUrl();
    cluster.dockerVolumeSize = command.dockerVolumeSize();
    cluster.fixedNetwork = command.fixedNetwork();
    cluster.fixedSubnet = command.fixedSubnet();
    cluster.floatingIpEnabled = command.floatingIpEnabled();
    cluster.masterLbEnabled = command.masterLbEnabled();
    cluster.stackId = UUID.randomUUID().toString();
    cluster.status = ClusterStatus.CREATE_IN_PROGRESS;
    cluster.projectId = command.projectId();
    cluster.userId = command.userId();
    cluster.createdAt = now;
    cluster.pending = pending(Kind.CREATE, now, cluster.name);
    live.put(cluster.uuid, cluster);
    history.add(cluster);
    return cluster.uuid;
  }

  /**
   * The conductor's side of a node_count PATCH: applied only from a *_COMPLETE state and when
   * the count changes; otherwise dropped without a word, as Magnum does after its 202.
   *
   * @return true when the resize started
   */
  synchronized boolean resize(String uuid, int nodeCount) {
    settleAll();
    ClusterRecord cluster = live.get(uuid);
    if (cluster == null || !ClusterStatus.allowsUpdate(cluster.status) || cluster.nodeCount == nodeCount) {
      return false;
    }
    Instant now = clock.instant();
    cluster.nodeCount = nodeCount;
    cluster.status = ClusterStatus.UPDATE_IN_PROGRESS;
    cluster.updatedAt = now;
    cluster.pending = pending(Kind.UPDATE, now, cluster.name);
    return true;
  }

  /** Starts deleting a cluster; once the delete duration has passed it is gone (404). */
  synchronized void delete(String uuid) {
    settleAll();
    ClusterRecord cluster = live.get(uuid);
    if (cluster == null || cluster.status.equals(ClusterStatus.DELETE_IN_PROGRESS)) {
      return;
    }
    Instant now = clock.instant();
    cluster.status = ClusterStatus.DELETE_IN_PROGRESS;
    cluster.statusReason = null;
    cluster.updatedAt = now;
    cluster.pending = pending(Kind.DELETE, now, cluster.name);
  }

  /** The cluster's CA, made on first use like Magnum makes it with the cluster. */
  ClusterCertificateAuthority authority(String uuid, String clusterName) {
    return authorities.computeIfAbsent(uuid, key -> ClusterCertificateAuthority.create(clusterName));
  }

  // ---------------------------------------------------------------- seeding and test access

  synchronized void seed(ClusterSeed seed, TemplateRecord template, String userId) {
    ClusterStatus.requireKnown(seed.status());
    if (history.stream().anyMatch(cluster -> cluster.uuid.equals(seed.uuid()))) {
      throw new IllegalArgumentException("a cluster with uuid " + seed.uuid() + " exists already");
    }
    Instant now = clock.instant();
    ClusterRecord cluster = new ClusterRecord();
    cluster.id = nextId++;
    cluster.uuid = seed.uuid();
    cluster.name = seed.name();
    cluster.templateUuid = template.seed().uuid();
    cluster.keypair = seed.keypair() == null ? template.seed().keypairId() : seed.keypair();
    cluster.nodeCount = seed.nodeCount();
    cluster.masterCount = seed.masterCount();
    cluster.createTimeout = 60;
    cluster.labels = new LinkedHashMap<>(seed.labels() == null ? template.seed().labels() : seed.labels());
    cluster.flavorId = template.seed().flavorId();
    cluster.masterFlavorId = template.seed().masterFlavorId();
    cluster.floatingIpEnabled = template.seed().floatingIpEnabled();
    cluster.masterLbEnabled = template.seed().masterLbEnabled();
    cluster.stackId = UUID.randomUUID().toString();
    cluster.projectId = seed.projectId() == null ? template.projectId() : seed.projectId();
    cluster.userId = userId;
    cluster.createdAt = now;
    cluster.seeded = true;
    live.put(cluster.uuid, cluster);
    history.add(cluster);
    boolean createdOnce = !seed.status().startsWith("CREATE_") || seed.status().equals(ClusterStatus.CREATE_COMPLETE);
    if (createdOnce) {
      assignAddresses(cluster);
      cluster.apiAddress = seed.apiAddress() == null ? apiAddressOf(cluster) : seed.apiAddress();
      cluster.healthStatus = "HEALTHY";
      cluster.healthStatusReason = Map.of("api", "ok");
      cluster.coeVersion = cluster.labels.getOrDefault("kube_tag", "v1.27.8");
      cluster.containerVersion = "1.12.6";
    }
    force(cluster, seed.status(), seed.statusReason(), now);
    cluster.updatedAt = null;
  }

  synchronized void forceStatus(String uuid, String status, String statusReason) {
    ClusterStatus.requireKnown(status);
    settleAll();
    ClusterRecord cluster = live.get(uuid);
    if (cluster == null) {
      throw new IllegalArgumentException("no cluster " + uuid);
    }
    force(cluster, status, statusReason, clock.instant());
  }

  /** Puts a cluster in a status; an *_IN_PROGRESS status finishes after the matching duration. */
  private void force(ClusterRecord cluster, String status, String statusReason, Instant now) {
    cluster.status = status;
    cluster.statusReason = statusReason == null ? defaultReason(status) : statusReason;
    cluster.updatedAt = now;
    cluster.pending = null;
    if (ClusterStatus.inProgress(status)) {
      String operation = status.substring(0, status.indexOf('_'));
      Kind kind =
          switch (operation) {
            case "CREATE" -> Kind.CREATE;
            case "DELETE" -> Kind.DELETE;
            default -> Kind.UPDATE;
          };
      cluster.pending =
          new Pending(kind, now.plus(duration(kind)), operation + "_COMPLETE", failureFor(kind, cluster.name));
    }
  }

  synchronized void apiAddress(String uuid, String apiAddress) {
    settleAll();
    ClusterRecord cluster = live.get(uuid);
    if (cluster == null) {
      throw new IllegalArgumentException("no cluster " + uuid);
    }
    cluster.apiAddress = apiAddress;
  }

  synchronized List<ClusterSnapshot> snapshots(boolean includeDeleted) {
    settleAll();
    return (includeDeleted ? history : new ArrayList<>(live.values()))
        .stream().map(ClusterRecord::snapshot).toList();
  }

  // ---------------------------------------------------------------- the simulated Heat stacks

  private Pending pending(Kind kind, Instant start, String clusterName) {
    String finalStatus = kind == Kind.DELETE ? ClusterStatus.DELETE_IN_PROGRESS : kind + "_COMPLETE";
    return new Pending(kind, start.plus(duration(kind)), finalStatus, failureFor(kind, clusterName));
  }

  private String failureFor(Kind kind, String clusterName) {
    Faults.ClusterOperation operation = Faults.ClusterOperation.valueOf(kind.name());
    return faults.takeClusterFailure(operation, clusterName).orElse(null);
  }

  private Duration duration(Kind kind) {
    return switch (kind) {
      case CREATE -> createDuration;
      case UPDATE -> updateDuration;
      case DELETE -> deleteDuration;
    };
  }

  /** Finishes every operation whose time has come, at the instant it was due. */
  private void settleAll() {
    Instant now = clock.instant();
    for (ClusterRecord cluster : new ArrayList<>(live.values())) {
      Pending pending = cluster.pending;
      if (pending == null || now.isBefore(pending.due())) {
        continue;
      }
      cluster.pending = null;
      cluster.updatedAt = pending.due();
      if (pending.failureReason() != null) {
        cluster.status = pending.kind() + "_FAILED";
        cluster.statusReason = pending.failureReason();
        continue;
      }
      switch (pending.kind()) {
        case CREATE -> {
          cluster.status = ClusterStatus.CREATE_COMPLETE;
          cluster.statusReason = defaultReason(cluster.status);
          assignAddresses(cluster);
          cluster.healthStatus = "HEALTHY";
          cluster.healthStatusReason = Map.of("api", "ok");
          cluster.coeVersion = cluster.labels.getOrDefault("kube_tag", "v1.27.8");
          cluster.containerVersion = "1.12.6";
          cluster.apiAddress = apiAddressOf(cluster);
        }
        case UPDATE -> {
          cluster.status = pending.finalStatus();
          cluster.statusReason = defaultReason(cluster.status);
          resizeAddresses(cluster);
        }
        case DELETE -> {
          cluster.deleted = true;
          live.remove(cluster.uuid);
          authorities.remove(cluster.uuid);
        }
      }
    }
  }

  private static String defaultReason(String status) {
    if (status.endsWith("_COMPLETE")) {
      return "Stack " + status.substring(0, status.indexOf('_')) + " completed successfully";
    }
    if (ClusterStatus.failed(status)) {
      return "Stack " + status.substring(0, status.indexOf('_')) + " failed";
    }
    return null;
  }

  private void assignAddresses(ClusterRecord cluster) {
    cluster.masterAddresses = new ArrayList<>();
    for (int i = 0; i < cluster.masterCount; i++) {
      cluster.masterAddresses.add(nextAddress());
    }
    cluster.nodeAddresses = new ArrayList<>();
    resizeAddresses(cluster);
  }

  private void resizeAddresses(ClusterRecord cluster) {
    while (cluster.nodeAddresses.size() < cluster.nodeCount) {
      cluster.nodeAddresses.add(nextAddress());
    }
    while (cluster.nodeAddresses.size() > cluster.nodeCount) {
      cluster.nodeAddresses.remove(cluster.nodeAddresses.size() - 1);
    }
  }

  /** Floating IPs out of the 172.24.4.0/22 pool a devstack cloud hands out. */
  private String nextAddress() {
    int n = nextAddress++;
    return "172.24." + (4 + (n / 240) % 4) + "." + (10 + n % 240);
  }

  private String apiAddressOf(ClusterRecord cluster) {
    Function<ClusterSnapshot, String> function = apiAddressFunction;
    if (function != null) {
      return function.apply(cluster.snapshot());
    }
    String master = cluster.masterAddresses.isEmpty() ? nextAddress() : cluster.masterAddresses.get(0);
    boolean tlsDisabled =
        templates.stream()
            .filter(template -> template.seed().uuid().equals(cluster.templateUuid))
            .findFirst()
            .map(template -> template.seed().tlsDisabled())
            .orElse(false);
    return tlsDisabled ? "http://" + master + ":8080" : "https://" + master + ":6443";
  }
}
