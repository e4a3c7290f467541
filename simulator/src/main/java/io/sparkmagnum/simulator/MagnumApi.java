package io.sparkmagnum.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Magnum's /v1 API for clusters, cluster templates and certificates, with Magnum's bodies, errors,
 * microversion headers and Keystone token checks (done by keystonemiddleware in front of Magnum).
 */
final class MagnumApi extends SimulatedService {
  private static final DateTimeFormatter MAGNUM_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'+00:00'").withZone(ZoneOffset.UTC);
  private static final Pattern CLUSTER_NAME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9_.-]*$");
  private static final int MAX_NAME_LENGTH = 242;
  private static final Pattern UUID_LIKE =
      Pattern.compile("(?i)^(urn:uuid:)?\\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}}?$");
  private static final Pattern PATCH_PATH = Pattern.compile("^(/[\\w-]+)+$");
  private static final int MAX_LIMIT = 1000;
  private static final String VERSION_HEADER = "OpenStack-API-Version";
  private static final String SERVICE_TYPE = "container-infra";

  /** Every attribute of Magnum's Cluster API type; anything else in a POST body is refused. */
  private static final Set<String> CLUSTER_ATTRIBUTES =
      Set.of(
          "uuid", "name", "cluster_template_id", "keypair", "node_count", "master_count", "docker_volume_size",
          "labels", "master_flavor_id", "flavor_id", "create_timeout", "links", "stack_id", "status",
          "status_reason", "health_status", "health_status_reason", "discovery_url", "api_address", "coe_version",
          "container_version", "project_id", "user_id", "node_addresses", "master_addresses", "faults",
          "fixed_network", "fixed_subnet", "floating_ip_enabled", "merge_labels", "labels_overridden",
          "labels_added", "labels_skipped", "master_lb_enabled", "created_at", "updated_at");
  private static final Set<String> INTERNAL_PATCH_PATHS =
      Set.of(
          "/api_address", "/node_addresses", "/master_addresses", "/stack_id", "/ca_cert_ref", "/magnum_cert_ref",
          "/trust_id", "/trustee_user_name", "/trustee_password", "/trustee_user_id", "/etcd_ca_cert_ref",
          "/front_proxy_ca_cert_ref", "/uuid", "/id", "/created_at", "/updated_at");
  private static final Set<String> PATCHABLE = Set.of("/node_count", "/health_status", "/health_status_reason");
  private static final Set<String> CERTIFICATE_ATTRIBUTES =
      Set.of("cluster_uuid", "csr", "pem", "ca_cert_type", "links", "created_at", "updated_at");
  private static final Map<String, Function<ClusterRegistry.ClusterView, Comparable<?>>> CLUSTER_SORT_KEYS =
      Map.ofEntries(
          Map.entry("id", ClusterRegistry.ClusterView::id),
          Map.entry("uuid", ClusterRegistry.ClusterView::uuid),
          Map.entry("name", ClusterRegistry.ClusterView::name),
          Map.entry("status", ClusterRegistry.ClusterView::status),
          Map.entry("created_at", ClusterRegistry.ClusterView::createdAt),
          Map.entry("updated_at", ClusterRegistry.ClusterView::updatedAt),
          Map.entry("node_count", ClusterRegistry.ClusterView::nodeCount),
          Map.entry("master_count", ClusterRegistry.ClusterView::masterCount),
          Map.entry("create_timeout", ClusterRegistry.ClusterView::createTimeout),
          Map.entry("keypair", ClusterRegistry.ClusterView::keypair),
          Map.entry("stack_id", ClusterRegistry.ClusterView::stackId),
          Map.entry("cluster_template_id", ClusterRegistry.ClusterView::clusterTemplateId),
          Map.entry("project_id", ClusterRegistry.ClusterView::projectId),
          Map.entry("health_status", ClusterRegistry.ClusterView::healthStatus));
  private static final Map<String, Function<ClusterRegistry.TemplateRecord, Comparable<?>>> TEMPLATE_SORT_KEYS =
      Map.of(
          "id", ClusterRegistry.TemplateRecord::createdAt,
          "uuid", template -> template.seed().uuid(),
          "name", template -> template.seed().name(),
          "coe", template -> template.seed().coe(),
          "created_at", ClusterRegistry.TemplateRecord::createdAt);

  private final Identity identity;
  private final ClusterRegistry registry;
  private final Supplier<String> keystoneBaseUrl;
  private final Microversion minVersion;
  private final Microversion maxVersion;

  MagnumApi(
      Identity identity,
      ClusterRegistry registry,
      Counters counters,
      Faults faults,
      Supplier<String> keystoneBaseUrl,
      Microversion minVersion,
      Microversion maxVersion) {
    super(Service.MAGNUM, counters, faults);
    this.identity = identity;
    this.registry = registry;
    this.keystoneBaseUrl = keystoneBaseUrl;
    this.minVersion = minVersion;
    this.maxVersion = maxVersion;
  }

  /** The endpoint the catalog names: the /v1 root. */
  String endpoint() {
    return baseUrl() + "/v1";
  }

  /** Path segments below /v1; Magnum routes a path without the version to v1 as well. */
  private static List<String> v1Segments(SimRequest request) {
    List<String> segments = request.segments();
    if (!segments.isEmpty() && segments.get(0).equals("v1")) {
      return segments.subList(1, segments.size());
    }
    return segments;
  }

  @Override
  String classify(SimRequest request) {
    if (request.segments().isEmpty() || request.segments().equals(List.of("v1"))) {
      return Operations.MAGNUM_VERSIONS;
    }
    List<String> path = v1Segments(request);
    String method = request.method();
    String collection = path.get(0);
    boolean item = path.size() == 2 && !path.get(1).equals("detail");
    boolean list = path.size() == 1 || (path.size() == 2 && path.get(1).equals("detail"));
    switch (collection) {
      case "clusters":
        if (list && method.equals("GET")) {
          return Operations.CLUSTERS_LIST;
        }
        if (path.size() == 1 && method.equals("POST")) {
          return Operations.CLUSTERS_CREATE;
        }
        if (item) {
          return switch (method) {
            case "GET" -> Operations.CLUSTERS_GET;
            case "PATCH" -> Operations.CLUSTERS_UPDATE;
            case "DELETE" -> Operations.CLUSTERS_DELETE;
            default -> Operations.UNKNOWN;
          };
        }
        return Operations.UNKNOWN;
      case "clustertemplates":
        if (method.equals("GET")) {
          return list ? Operations.CLUSTER_TEMPLATES_LIST : item ? Operations.CLUSTER_TEMPLATES_GET : Operations.UNKNOWN;
        }
        return Operations.UNKNOWN;
      case "certificates":
        if (path.size() == 1 && method.equals("POST")) {
          return Operations.CERTIFICATES_SIGN;
        }
        return item && method.equals("GET") ? Operations.CERTIFICATES_GET : Operations.UNKNOWN;
      default:
        return Operations.UNKNOWN;
    }
  }

  @Override
  SimResponse injectedFailure(int status) {
    String detail =
        switch (status) {
          case 429 -> "Rate limit exceeded. Please try again later.";
          case 503 -> "The server is currently unavailable. Please try again at a later time.";
          default -> "The server has either erred or is incapable of performing the requested operation.";
        };
    SimResponse response = error(status, HttpStatus.reason(status), detail);
    return status == 429 ? response.header("Retry-After", "1") : response;
  }

  @Override
  SimResponse answer(SimRequest request, String operation) {
    if (request.segments().isEmpty()) {
      requireGet(request);
      return SimResponse.json(200, rootDocument(request));
    }
    boolean versionRoot = request.segments().equals(List.of("v1"));
    Identity.Token token = null;
    if (!versionRoot) {
      token = identity.validToken(request.header("X-Auth-Token")).orElseThrow(this::unauthenticated);
    }
    Microversion version = requestedVersion(request);
    try {
      if (version.compareTo(minVersion) < 0 || version.compareTo(maxVersion) > 0) {
        throw new ApiError(unsupportedVersion(version));
      }
      SimResponse response = versionRoot ? versionRoot(request) : route(request, operation, token, version);
      return withVersionHeaders(response, version);
    } catch (ApiError e) {
      throw new ApiError(withVersionHeaders(e.response(), version));
    }
  }

  private SimResponse route(SimRequest request, String operation, Identity.Token token, Microversion version) {
    if (!token.scoped()) {
      throw new ApiError(error(403, "Policy doesn't allow " + policyAction(operation) + " to be performed."));
    }
    ClusterRegistry.Scope scope = new ClusterRegistry.Scope(token.projectId(), token.admin());
    List<String> path = v1Segments(request);
    return switch (operation) {
      case Operations.CLUSTERS_LIST -> listClusters(request, scope, path.size() == 2);
      case Operations.CLUSTERS_CREATE -> createCluster(request, scope, token, version);
      case Operations.CLUSTERS_GET -> SimResponse.json(200, clusterBody(resolveCluster(path.get(1), scope), request));
      case Operations.CLUSTERS_UPDATE -> updateCluster(request, resolveCluster(path.get(1), scope), version);
      case Operations.CLUSTERS_DELETE -> {
        registry.delete(resolveCluster(path.get(1), scope).uuid());
        yield SimResponse.empty(204);
      }
      case Operations.CLUSTER_TEMPLATES_LIST -> listTemplates(request, scope);
      case Operations.CLUSTER_TEMPLATES_GET ->
          SimResponse.json(200, templateBody(resolveTemplate(path.get(1), scope, 404), request));
      case Operations.CERTIFICATES_GET -> caCertificate(request, resolveCluster(path.get(1), scope));
      case Operations.CERTIFICATES_SIGN -> signCertificate(request, scope);
      default -> throw new ApiError(unknownResource(request, path));
    };
  }

  // ---------------------------------------------------------------- versions and authentication

  private Map<String, Object> rootDocument(SimRequest request) {
    return Json.object(
        "name", "OpenStack Magnum API",
        "description", "Magnum is an OpenStack project which aims to provide container cluster management.",
        "versions",
            List.of(
                Json.object(
                    "id", "v1",
                    "links", List.of(Json.object("href", request.hostUrl() + "/v1/", "rel", "self")),
                    "status", "CURRENT",
                    "max_version", maxVersion.toString(),
                    "min_version", minVersion.toString())));
  }

  private SimResponse versionRoot(SimRequest request) {
    requireGet(request);
    String host = request.hostUrl();
    Map<String, Object> document =
        Json.object(
            "id", "v1",
            "media_types",
                List.of(Json.object("base", "application/json", "type", "application/vnd.openstack.magnum.v1+json")),
            "links",
                List.of(
                    Json.object("href", host + "/v1/", "rel", "self"),
                    Json.object(
                        "href", "http://docs.openstack.org/developer/magnum/dev/api-spec-v1.html",
                        "rel", "describedby",
                        "type", "text/html")));
    for (String resource : List.of("clustertemplates", "clusters", "quotas", "certificates", "mservices", "stats")) {
      document.put(resource, links(host, resource, ""));
    }
    return SimResponse.json(200, document);
  }

  private Microversion requestedVersion(SimRequest request) {
    String header = request.header(VERSION_HEADER);
    if (header == null) {
      return minVersion;
    }
    String[] parts = header.trim().split("\\s+");
    if (parts.length != 2 || !parts[0].equals(SERVICE_TYPE)) {
      throw new ApiError(error(406, "Not Acceptable", "Invalid service type for " + VERSION_HEADER + " header"));
    }
    if (parts[1].equalsIgnoreCase("latest")) {
      return maxVersion;
    }
    Microversion version = Microversion.parseOrNull(parts[1]);
    if (version == null) {
      throw new ApiError(error(406, "Not Acceptable", "Invalid value for " + VERSION_HEADER + " header"));
    }
    return version;
  }

  private SimResponse unsupportedVersion(Microversion version) {
    String range = "[" + SERVICE_TYPE + " " + minVersion + ", " + SERVICE_TYPE + " " + maxVersion + "]";
    String message =
        version.major() != 1
            ? "Mutually exclusive versions requested. Version " + version
                + " requested but not supported by this service.The supported version range is: " + range + "."
            : "Version " + version + " was requested but the minor version is not supported by this service."
                + " The supported version range is: " + range + ".";
    Map<String, Object> body =
        Json.object(
            "message", message,
            "code", "magnum.microversion-unsupported",
            "title", "Requested microversion is unsupported",
            "max_version", maxVersion.toString(),
            "min_version", minVersion.toString(),
            "links",
                List.of(
                    Json.object(
                        "rel", "help",
                        "href", "http://docs.openstack.org/api-guide/compute/microversions.html")));
    return SimResponse.json(406, Map.of("errors", List.of(body)));
  }

  private SimResponse withVersionHeaders(SimResponse response, Microversion version) {
    return response
        .header("OpenStack-API-Minimum-Version", SERVICE_TYPE + " " + minVersion)
        .header("OpenStack-API-Maximum-Version", SERVICE_TYPE + " " + maxVersion)
        .header(VERSION_HEADER, SERVICE_TYPE + " " + version)
        .header("Vary", VERSION_HEADER);
  }

  /** keystonemiddleware's answer, which sits in front of Magnum's own error formatting. */
  private ApiError unauthenticated() {
    return new ApiError(
        KeystoneApi.error(401, "The request you have made requires authentication.")
            .header("WWW-Authenticate", "Keystone uri=\"" + keystoneBaseUrl.get() + "\""));
  }

  private static String policyAction(String operation) {
    return switch (operation) {
      case Operations.CLUSTERS_LIST -> "cluster:get_all";
      case Operations.CLUSTERS_CREATE -> "cluster:create";
      case Operations.CLUSTERS_GET -> "cluster:get";
      case Operations.CLUSTERS_UPDATE -> "cluster:update";
      case Operations.CLUSTERS_DELETE -> "cluster:delete";
      case Operations.CLUSTER_TEMPLATES_LIST -> "clustertemplate:get_all";
      case Operations.CLUSTER_TEMPLATES_GET -> "clustertemplate:get";
      case Operations.CERTIFICATES_GET -> "certificate:get";
      case Operations.CERTIFICATES_SIGN -> "certificate:create";
      default -> operation;
    };
  }

  // ---------------------------------------------------------------- clusters

  private SimResponse listClusters(SimRequest request, ClusterRegistry.Scope scope, boolean detail) {
    Paging paging = Paging.of(request, CLUSTER_SORT_KEYS.keySet());
    Function<ClusterRegistry.ClusterView, Comparable<?>> sortKey = CLUSTER_SORT_KEYS.get(paging.sortKey());
    List<ClusterRegistry.ClusterView> page =
        paging.page(
            registry.clusters(scope),
            sortKey,
            ClusterRegistry.ClusterView::id,
            ClusterRegistry.ClusterView::uuid,
            marker -> "Cluster " + marker + " could not be found.");
    List<Object> entries = new ArrayList<>();
    for (ClusterRegistry.ClusterView cluster : page) {
      entries.add(detail ? clusterBody(cluster, request) : clusterEntry(cluster, request));
    }
    String resource = detail ? "clusters/detail" : "clusters";
    Map<String, Object> body = Json.object("clusters", entries);
    body.put("next", paging.next(request, resource, page, ClusterRegistry.ClusterView::uuid));
    return SimResponse.json(200, body);
  }

  private SimResponse createCluster(
      SimRequest request, ClusterRegistry.Scope scope, Identity.Token token, Microversion version) {
    JsonNode body = requireObject(request, "cluster");
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!CLUSTER_ATTRIBUTES.contains(field)) {
                throw badRequest("Unknown attribute for argument cluster: " + field);
              }
            });
    String name = optionalText(body, "name");
    if (name != null) {
      validateName(name);
    }
    String templateIdent = optionalText(body, "cluster_template_id");
    if (templateIdent == null) {
      throw badRequest("Invalid input for field/attribute cluster_template_id. Value: 'None'. Mandatory field missing.");
    }
    int nodeCount = optionalInt(body, "node_count", 1, 0);
    int masterCount = optionalInt(body, "master_count", 1, 1);
    int createTimeout = optionalInt(body, "create_timeout", 60, 0);
    Integer dockerVolumeSize = body.hasNonNull("docker_volume_size") ? optionalInt(body, "docker_volume_size", 0, 1) : null;
    if (nodeCount == 0 && !version.atLeast(1, 10)) {
      throw badRequest("Resizing a nodegroup to zero is not supported in the provided microversion.");
    }
    // before 1.10 a missing template is a bad request, from 1.10 a plain not-found
    ClusterRegistry.TemplateRecord template =
        resolveTemplate(templateIdent, scope, version.atLeast(1, 10) ? 404 : 400);
    ClusterTemplateSeed seed = template.seed();
    Map<String, String> labels = labels(body);
    if (labels.isEmpty()) {
      labels = seed.labels();
    } else if (body.path("merge_labels").asBoolean(false)) {
      Map<String, String> merged = new LinkedHashMap<>(seed.labels());
      merged.putAll(labels);
      labels = merged;
    }
    String keypair = optionalText(body, "keypair");
    ClusterRegistry.CreateCommand command =
        new ClusterRegistry.CreateCommand(
            name == null ? NameGenerator.clusterName() : name,
            template,
            nodeCount,
            masterCount,
            keypair == null ? seed.keypairId() : keypair,
            createTimeout,
            labels,
            textOr(body, "flavor_id", seed.flavorId()),
            textOr(body, "master_flavor_id", seed.masterFlavorId()),
            optionalText(body, "discovery_url"),
            dockerVolumeSize,
            optionalText(body, "fixed_network"),
            optionalText(body, "fixed_subnet"),
            body.hasNonNull("floating_ip_enabled")
                ? body.get("floating_ip_enabled").asBoolean()
                : seed.floatingIpEnabled(),
            body.hasNonNull("master_lb_enabled") ? body.get("master_lb_enabled").asBoolean() : seed.masterLbEnabled(),
            token.projectId(),
            token.userId());
    return SimResponse.json(202, Map.of("uuid", registry.create(command)));
  }

  private SimResponse updateCluster(SimRequest request, ClusterRegistry.ClusterView cluster, Microversion version) {
    JsonNode patch = Json.parse(request.body());
    if (patch == null || !patch.isArray()) {
      throw badRequest("Invalid input for field/attribute patch. Value: '" + abbreviate(request.body())
          + "'. Value should be a list of JSON patch operations.");
    }
    Integer nodeCount = null;
    List<String> refused = new ArrayList<>();
    for (JsonNode operation : patch) {
      String op = optionalText(operation, "op");
      String path = optionalText(operation, "path");
      if (op == null || !Set.of("add", "replace", "remove").contains(op)) {
        throw badRequest("Invalid input for field/attribute op. Value: '" + op
            + "'. Value should be one of: add, replace, remove");
      }
      if (path == null || !PATCH_PATH.matcher(path).matches()) {
        throw badRequest("Invalid input for field/attribute path. Value: '" + path + "'. Invalid path");
      }
      if (INTERNAL_PATCH_PATHS.contains(path)) {
        throw badRequest("'" + path + "' is an internal attribute and can not be updated");
      }
      if (!op.equals("remove") && !operation.has("value")) {
        throw badRequest("'add' and 'replace' operations need a value");
      }
      if (!CLUSTER_ATTRIBUTES.contains(path.substring(1)) || (op.equals("remove") && path.equals("/node_count"))) {
        throw badRequest("Couldn't apply patch '" + abbreviate(request.body()) + "'. Reason: can't remove non-existent"
            + " object '" + path.substring(1) + "'");
      }
      if (!PATCHABLE.contains(path)) {
        refused.add(path.substring(1));
      } else if (path.equals("/node_count")) {
        JsonNode value = operation.get("value");
        if (!value.canConvertToExactIntegral() && !(value.isTextual() && value.asText().matches("\\d+"))) {
          throw badRequest("Invalid input for field/attribute node_count. Value: '" + value.asText()
              + "'. Wrong type. Expected '<class 'int'>', got '<class 'str'>'");
        }
        nodeCount = value.asInt();
        if (nodeCount < 0) {
          throw badRequest("Invalid input for field/attribute node_count. Value: '" + nodeCount
              + "'. Value should be greater or equal to 0");
        }
      }
    }
    if (!refused.isEmpty()) {
      throw badRequest("cannot change cluster property(ies) " + String.join(", ", refused) + ".");
    }
    if (nodeCount != null) {
      if (nodeCount == 0 && !version.atLeast(1, 10)) {
        throw badRequest("Resizing a nodegroup to zero is not supported in the provided microversion.");
      }
      registry.resize(cluster.uuid(), nodeCount);
    }
    return SimResponse.json(202, Map.of("uuid", cluster.uuid()));
  }

  private ClusterRegistry.ClusterView resolveCluster(String ident, ClusterRegistry.Scope scope) {
    if (UUID_LIKE.matcher(ident).matches()) {
      return registry
          .clusterByUuid(canonicalUuid(ident), scope)
          .orElseThrow(() -> notFound("Cluster " + ident + " could not be found."));
    }
    List<ClusterRegistry.ClusterView> named = registry.clustersByName(ident, scope);
    if (named.isEmpty()) {
      throw notFound("Cluster " + ident + " could not be found.");
    }
    if (named.size() > 1) {
      throw new ApiError(
          error(409, "Multiple clusters exist with same name. Please use the cluster uuid instead."));
    }
    return named.get(0);
  }

  private Map<String, Object> clusterEntry(ClusterRegistry.ClusterView cluster, SimRequest request) {
    Map<String, Object> entry =
        Json.object(
            "uuid", cluster.uuid(),
            "name", cluster.name(),
            "cluster_template_id", cluster.clusterTemplateId(),
            "keypair", cluster.keypair(),
            "docker_volume_size", cluster.dockerVolumeSize(),
            "labels", cluster.labels(),
            "node_count", cluster.nodeCount(),
            "status", cluster.status(),
            "master_flavor_id", cluster.masterFlavorId(),
            "flavor_id", cluster.flavorId(),
            "create_timeout", cluster.createTimeout(),
            "master_count", cluster.masterCount(),
            "stack_id", cluster.stackId(),
            "health_status", cluster.healthStatus());
    entry.put("links", links(request.hostUrl(), "clusters", cluster.uuid()));
    return entry;
  }

  private Map<String, Object> clusterBody(ClusterRegistry.ClusterView cluster, SimRequest request) {
    Map<String, String> parentLabels =
        registry
            .templateByUuid(cluster.clusterTemplateId(), new ClusterRegistry.Scope(cluster.projectId(), true))
            .map(template -> template.seed().labels())
            .orElse(Map.of());
    Map<String, Object> body = clusterEntry(cluster, request);
    body.remove("links");
    body.put("status_reason", cluster.statusReason());
    body.put("health_status_reason", cluster.healthStatusReason() == null ? Map.of() : cluster.healthStatusReason());
    body.put("discovery_url", cluster.discoveryUrl());
    body.put("api_address", cluster.apiAddress());
    body.put("coe_version", cluster.coeVersion());
    body.put("container_version", cluster.containerVersion());
    body.put("project_id", cluster.projectId());
    body.put("user_id", cluster.userId());
    body.put("node_addresses", cluster.nodeAddresses());
    body.put("master_addresses", cluster.masterAddresses());
    body.put("faults", faultsOf(cluster));
    body.put("fixed_network", cluster.fixedNetwork());
    body.put("fixed_subnet", cluster.fixedSubnet());
    body.put("floating_ip_enabled", cluster.floatingIpEnabled());
    body.put("master_lb_enabled", cluster.masterLbEnabled());
    body.put("labels_overridden", labelsDiff(cluster.labels(), parentLabels, true));
    body.put("labels_added", labelsDiff(cluster.labels(), parentLabels, false));
    body.put("labels_skipped", skippedLabels(cluster.labels(), parentLabels));
    body.put("created_at", time(cluster.createdAt()));
    body.put("updated_at", time(cluster.updatedAt()));
    body.put("links", links(request.hostUrl(), "clusters", cluster.uuid()));
    return body;
  }

  /** Magnum reports the failed node groups' reasons for a failed cluster, nothing otherwise. */
  private static Map<String, String> faultsOf(ClusterRegistry.ClusterView cluster) {
    if (!ClusterStatus.failed(cluster.status()) || cluster.statusReason() == null) {
      return Map.of();
    }
    return Map.of("default-master", cluster.statusReason(), "default-worker", cluster.statusReason());
  }

  private static Map<String, String> labelsDiff(
      Map<String, String> labels, Map<String, String> parent, boolean overridden) {
    Map<String, String> result = new LinkedHashMap<>();
    labels.forEach(
        (key, value) -> {
          boolean inParent = parent.containsKey(key);
          if (overridden ? inParent && !parent.get(key).equals(value) : !inParent) {
            result.put(key, value);
          }
        });
    return result;
  }

  private static Map<String, String> skippedLabels(Map<String, String> labels, Map<String, String> parent) {
    Map<String, String> result = new LinkedHashMap<>();
    parent.forEach(
        (key, value) -> {
          if (!labels.containsKey(key)) {
            result.put(key, value);
          }
        });
    return result;
  }

  // ---------------------------------------------------------------- cluster templates

  private SimResponse listTemplates(SimRequest request, ClusterRegistry.Scope scope) {
    Paging paging = Paging.of(request, TEMPLATE_SORT_KEYS.keySet());
    List<ClusterRegistry.TemplateRecord> all = registry.templates(scope);
    List<ClusterRegistry.TemplateRecord> page =
        paging.page(
            all,
            TEMPLATE_SORT_KEYS.get(paging.sortKey()),
            all::indexOf,
            template -> template.seed().uuid(),
            marker -> "ClusterTemplate " + marker + " could not be found.");
    boolean detail = v1Segments(request).size() == 2;
    Map<String, Object> body =
        Json.object("clustertemplates", page.stream().map(template -> (Object) templateBody(template, request)).toList());
    body.put(
        "next",
        paging.next(request, detail ? "clustertemplates/detail" : "clustertemplates", page, t -> t.seed().uuid()));
    return SimResponse.json(200, body);
  }

  private ClusterRegistry.TemplateRecord resolveTemplate(String ident, ClusterRegistry.Scope scope, int missingStatus) {
    String detail = "ClusterTemplate " + ident + " could not be found.";
    if (UUID_LIKE.matcher(ident).matches()) {
      return registry
          .templateByUuid(canonicalUuid(ident), scope)
          .orElseThrow(() -> new ApiError(error(missingStatus, detail)));
    }
    List<ClusterRegistry.TemplateRecord> named = registry.templatesByName(ident, scope);
    if (named.isEmpty()) {
      throw new ApiError(error(missingStatus, detail));
    }
    if (named.size() > 1) {
      throw new ApiError(
          error(409, "Multiple ClusterTemplates exist with same name. Please use the ClusterTemplate uuid instead."));
    }
    return named.get(0);
  }

  private Map<String, Object> templateBody(ClusterRegistry.TemplateRecord template, SimRequest request) {
    ClusterTemplateSeed seed = template.seed();
    Map<String, Object> body =
        Json.object(
            "insecure_registry", null,
            "links", links(request.hostUrl(), "clustertemplates", seed.uuid()),
            "http_proxy", null,
            "updated_at", null,
            "floating_ip_enabled", seed.floatingIpEnabled(),
            "fixed_subnet", null,
            "master_flavor_id", seed.masterFlavorId(),
            "user_id", template.userId(),
            "uuid", seed.uuid(),
            "no_proxy", null,
            "https_proxy", null,
            "tls_disabled", seed.tlsDisabled(),
            "keypair_id", seed.keypairId(),
            "project_id", template.projectId(),
            "public", seed.isPublic(),
            "labels", seed.labels(),
            "docker_volume_size", null,
            "server_type", "vm",
            "external_network_id", seed.externalNetworkId(),
            "cluster_distro", seed.clusterDistro(),
            "image_id", seed.imageId(),
            "volume_driver", seed.volumeDriver(),
            "registry_enabled", false,
            "docker_storage_driver", "overlay2",
            "apiserver_port", null,
            "name", seed.name(),
            "created_at", time(template.createdAt()),
            "network_driver", seed.networkDriver(),
            "fixed_network", null,
            "coe", seed.coe(),
            "flavor_id", seed.flavorId(),
            "master_lb_enabled", seed.masterLbEnabled(),
            "dns_nameserver", "8.8.8.8",
            "hidden", false,
            "tags", null,
            "driver", seed.coe().equals("kubernetes") ? "k8s_fedora_coreos_v1" : null);
    return body;
  }

  // ---------------------------------------------------------------- certificates

  private SimResponse caCertificate(SimRequest request, ClusterRegistry.ClusterView cluster) {
    String pem = registry.authority(cluster.uuid(), cluster.name()).certificatePem();
    return SimResponse.json(
        200,
        Json.object(
            "cluster_uuid", cluster.uuid(),
            "pem", pem,
            "links", links(request.hostUrl(), "certificates", cluster.uuid())));
  }

  private SimResponse signCertificate(SimRequest request, ClusterRegistry.Scope scope) {
    JsonNode body = requireObject(request, "certificate");
    body.fieldNames()
        .forEachRemaining(
            field -> {
              if (!CERTIFICATE_ATTRIBUTES.contains(field)) {
                throw badRequest("Unknown attribute for argument certificate: " + field);
              }
            });
    String clusterIdent = optionalText(body, "cluster_uuid");
    if (clusterIdent == null) {
      throw badRequest("Invalid input for field/attribute cluster_uuid. Value: 'None'. Mandatory field missing.");
    }
    ClusterRegistry.ClusterView cluster;
    try {
      cluster = resolveCluster(clusterIdent, scope);
    } catch (ApiError e) {
      if (e.response().status() != 404) {
        throw e;
      }
      // POST answers 400, not 404, for a missing cluster, as Magnum does
      throw badRequest("Cluster " + clusterIdent + " could not be found.");
    }
    String csr = optionalText(body, "csr");
    if (csr == null || csr.isEmpty()) {
      throw badRequest("Invalid input for field/attribute csr. Value: ''."
          + " Value should have a minimum character requirement of 1");
    }
    String pem;
    try {
      pem = registry.authority(cluster.uuid(), cluster.name()).signClientCertificate(csr);
    } catch (ClusterCertificateAuthority.InvalidCsrException e) {
      throw badRequest("Received invalid csr: " + e.getMessage() + ".");
    }
    return SimResponse.json(
        201,
        Json.object(
            "cluster_uuid", cluster.uuid(),
            "csr", csr,
            "pem", pem,
            "links", links(request.hostUrl(), "certificates", cluster.uuid())));
  }

  // ---------------------------------------------------------------- helpers

  private static List<Object> links(String hostUrl, String resource, String id) {
    String suffix = id.isEmpty() ? "/" : "/" + id;
    return List.of(
        Json.object("href", hostUrl + "/v1/" + resource + suffix, "rel", "self"),
        Json.object("href", hostUrl + "/" + resource + suffix, "rel", "bookmark"));
  }

  private static String time(Instant instant) {
    return instant == null ? null : MAGNUM_TIME.format(instant);
  }

  private static void validateName(String name) {
    if (name.length() > MAX_NAME_LENGTH) {
      throw badRequest("Invalid input for field/attribute name. Value: '" + name
          + "'. Value should have a maximum character requirement of " + MAX_NAME_LENGTH);
    }
    if (!CLUSTER_NAME.matcher(name).matches()) {
      throw badRequest("Invalid input for field/attribute name. Value: '" + name
          + "'. Value should match the pattern " + CLUSTER_NAME.pattern());
    }
  }

  private static JsonNode requireObject(SimRequest request, String argument) {
    JsonNode body = Json.parse(request.body());
    if (body == null || !body.isObject()) {
      throw badRequest("Invalid input for field/attribute " + argument + ". Value: '" + abbreviate(request.body())
          + "'. Invalid JSON object");
    }
    return body;
  }

  private static String optionalText(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw badRequest("Invalid input for field/attribute " + field + ". Value: '" + value
          + "'. Wrong type. Expected '<class 'str'>', got '" + pythonType(value) + "'");
    }
    return value.asText();
  }

  private static String textOr(JsonNode body, String field, String fallback) {
    String value = optionalText(body, field);
    return value == null || value.isEmpty() ? fallback : value;
  }

  private static int optionalInt(JsonNode body, String field, int fallback, int minimum) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToExactIntegral()) {
      throw badRequest("Invalid input for field/attribute " + field + ". Value: '" + value.asText()
          + "'. Wrong type. Expected '<class 'int'>', got '" + pythonType(value) + "'");
    }
    int number = value.asInt();
    if (number < minimum) {
      throw badRequest("Invalid input for field/attribute " + field + ". Value: '" + number
          + "'. Value should be greater or equal to " + minimum);
    }
    return number;
  }

  private static Map<String, String> labels(JsonNode body) {
    JsonNode labels = body.get("labels");
    if (labels == null || labels.isNull()) {
      return Map.of();
    }
    if (!labels.isObject()) {
      throw badRequest("Invalid input for field/attribute labels. Value: '" + labels
          + "'. Wrong type. Expected '<class 'dict'>', got '" + pythonType(labels) + "'");
    }
    Map<String, String> result = new LinkedHashMap<>();
    labels.fields().forEachRemaining(entry -> result.put(entry.getKey(), entry.getValue().asText()));
    return result;
  }

  private static String pythonType(JsonNode value) {
    if (value.isTextual()) {
      return "<class 'str'>";
    }
    if (value.isBoolean()) {
      return "<class 'bool'>";
    }
    if (value.isIntegralNumber()) {
      return "<class 'int'>";
    }
    if (value.isNumber()) {
      return "<class 'float'>";
    }
    return value.isArray() ? "<class 'list'>" : "<class 'dict'>";
  }

  private static String abbreviate(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  private static String canonicalUuid(String ident) {
    String hex = ident.toLowerCase(java.util.Locale.ROOT).replaceAll("[^0-9a-f]", "");
    if (hex.length() > 32) {
      hex = hex.substring(hex.length() - 32);
    }
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  /** 405 for a method a known resource lacks, 404 for anything else, as pecan routes. */
  private static SimResponse unknownResource(SimRequest request, List<String> path) {
    boolean knownResource =
        path.size() <= 2 && Set.of("clusters", "clustertemplates", "certificates").contains(path.get(0));
    if (knownResource) {
      return error(405, "Method Not Allowed", "The method " + request.method() + " is not allowed for this resource.");
    }
    return error(404, "Not Found", "The resource could not be found.");
  }

  private static void requireGet(SimRequest request) {
    if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
      throw new ApiError(
          error(405, "Method Not Allowed", "The method " + request.method() + " is not allowed for this resource.")
              .header("Allow", "GET, HEAD"));
    }
  }

  private static ApiError notFound(String detail) {
    return new ApiError(error(404, detail));
  }

  private static ApiError badRequest(String detail) {
    return new ApiError(error(400, detail));
  }

  /** Magnum's error body; the title is the detail's first sentence, as Magnum derives it. */
  static SimResponse error(int status, String detail) {
    int dot = detail.indexOf('.');
    return error(status, dot < 0 ? detail : detail.substring(0, dot), detail);
  }

  static SimResponse error(int status, String title, String detail) {
    Map<String, Object> body =
        Json.object(
            "request_id", "",
            "code", status >= 500 ? "server" : "client",
            "status", status,
            "title", title,
            "detail", detail,
            "links", List.of());
    return SimResponse.json(status, Map.of("errors", List.of(body)));
  }

  /** limit, marker, sort_key and sort_dir of a list request, checked as Magnum checks them. */
  private record Paging(int limit, String marker, String sortKey, String sortDir) {
    static Paging of(SimRequest request, Set<String> sortKeys) {
      Map<String, String> query = request.query();
      int limit = MAX_LIMIT;
      String limitText = query.get("limit");
      if (limitText != null) {
        try {
          limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
          throw badRequest("Invalid input for field/attribute limit. Value: '" + limitText
              + "'. unable to convert to int");
        }
        if (limit <= 0) {
          throw badRequest("Limit must be positive");
        }
        limit = Math.min(limit, MAX_LIMIT);
      }
      String marker = query.get("marker");
      if (marker != null && !UUID_LIKE.matcher(marker).matches()) {
        throw badRequest("Invalid input for field/attribute marker. Value: '" + marker
            + "'. Expected a uuid but received " + marker + ".");
      }
      String sortDir = query.getOrDefault("sort_dir", "asc");
      if (!sortDir.equals("asc") && !sortDir.equals("desc")) {
        throw badRequest("Invalid sort direction: " + sortDir + ". Acceptable values are 'asc' or 'desc'");
      }
      String sortKey = query.getOrDefault("sort_key", "id");
      if (!sortKeys.contains(sortKey)) {
        throw badRequest("The sort_key value \"" + sortKey + "\" is an invalid field for sorting");
      }
      return new Paging(limit, marker == null ? null : canonicalUuid(marker), sortKey, sortDir);
    }

    /** Sorts by the key (ties by id), skips to after the marker, cuts to the limit. */
    <T> List<T> page(
        List<T> items,
        Function<T, Comparable<?>> key,
        Function<T, ? extends Comparable<?>> id,
        Function<T, String> uuid,
        Function<String, String> markerNotFound) {
      Comparator<T> order = Comparator.comparing(item -> key.apply(item), MagnumApi::compareNullsFirst);
      order = order.thenComparing(item -> id.apply(item), MagnumApi::compareNullsFirst);
      if (sortDir.equals("desc")) {
        order = order.reversed();
      }
      List<T> sorted = items.stream().sorted(order).toList();
      int start = 0;
      if (marker != null) {
        Optional<T> markerItem = sorted.stream().filter(item -> uuid.apply(item).equals(marker)).findFirst();
        if (markerItem.isEmpty()) {
          throw notFound(markerNotFound.apply(marker));
        }
        start = sorted.indexOf(markerItem.get()) + 1;
      }
      return sorted.subList(start, Math.min(sorted.size(), start + limit));
    }

    /** The link to the next page when this one is full, else null. */
    <T> String next(SimRequest request, String resource, List<T> page, Function<T, String> uuid) {
      if (page.isEmpty() || page.size() != limit) {
        return null;
      }
      return request.hostUrl() + "/v1/" + resource + "?sort_key=" + sortKey + "&sort_dir=" + sortDir + "&limit="
          + limit + "&marker=" + uuid.apply(page.get(page.size() - 1));
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareNullsFirst(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return ((Comparable) a).compareTo(b);
  }
}
