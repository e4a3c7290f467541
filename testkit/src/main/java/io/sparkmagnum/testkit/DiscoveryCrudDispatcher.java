package io.sparkmagnum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fabric8 CRUD mock plus what kubectl needs besides CRUD: the discovery documents ({@code /version},
 * {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/GROUP/VERSION}) for the built-in kinds
 * the operator and its bays use and for every CustomResourceDefinition stored, an empty
 * {@code /openapi/v3}, server-side tables for custom resources so that {@code kubectl get} shows
 * the CRD's printer columns, and field selectors on any field (kubectl describe selects events by
 * their involvedObject). The plain CRUD mock answers discovery paths with object lists, which
 * kubectl cannot use.
 */
final class DiscoveryCrudDispatcher extends KubernetesCrudDispatcher {
  /** The version kubectl sees; the mock follows no particular release. */
  static final String GIT_VERSION = "v1.32.0-embedded";
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final ObjectMapper JSON = Serialization.jsonMapper();

  /** A built-in kind this API serves. */
  private record BuiltIn(String group, String version, String plural, String singular, String kind,
      boolean namespaced, List<String> shortNames) {
    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  private static final List<BuiltIn> BUILT_INS = List.of(
      new BuiltIn("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns")),
      new BuiltIn("", "v1", "pods", "pod", "Pod", true, List.of("po")),
      new BuiltIn("", "v1", "services", "service", "Service", true, List.of("svc")),
      new BuiltIn("", "v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm")),
      new BuiltIn("", "v1", "secrets", "secret", "Secret", true, List.of()),
      new BuiltIn("", "v1", "events", "event", "Event", true, List.of("ev")),
      new BuiltIn("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
      new BuiltIn("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy")),
      new BuiltIn("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of()),
      new BuiltIn("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds")));

  /** The one OpenAPI v3 document served; kubectl takes its namespaces entry as a proxy for other groups. */
  private static final String CORE_OPENAPI = "/openapi/v3/api/v1";

  /**
   * A path of a resource: {@code /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]} or the same
   * under {@code /apis/GROUP/VERSION}.
   */
  private record ResourcePath(String groupVersion, String plural, boolean item, boolean subresource) {
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    static Optional<ResourcePath> of(String[] segments) {
      List<String> rest;
      String groupVersion;
      if (segments.length >= 3 && segments[0].equals("api")) {
        groupVersion = segments[1];
        rest = List.of(segments).subList(2, segments.length);
      } else if (segments.length >= 4 && segments[0].equals("apis")) {
        groupVersion = segments[1] + "/" + segments[2];
        rest = List.of(segments).subList(3, segments.length);
      } else {
        return Optional.empty();
      }
      if (rest.size() > 2 && rest.get(0).equals("namespaces") && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
      return Optional.of(new ResourcePath(groupVersion, rest.get(0), rest.size() >= 2, rest.size() >= 3));
    }
  }

  private final Clock clock;
  private final Map<String, String> canned;

  /**
   * @param canned bodies by "METHOD path" (path with query) of GETs and POSTs the CRUD store cannot
   *     answer; read at each request, so that its owner may change it at any time
   */
  DiscoveryCrudDispatcher(Clock clock, Map<String, String> canned) {
    this.clock = clock;
    this.canned = canned;
  }

  @Override
  public MockResponse handleGet(String path) {
    String body = canned.get("GET " + path);
    return body != null ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(body)
        : super.handleGet(path);
  }

  @Override
  public MockResponse handleCreate(RecordedRequest request) {
    String body = canned.get("POST " + request.getPath());
    return body != null ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_CREATED).setBody(body)
        : super.handleCreate(request);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    if (!"GET".equals(request.getMethod())) {
      return super.dispatch(request);
    }
    String path = request.getPath();
    int query = path.indexOf('?');
    String plainPath = query < 0 ? path : path.substring(0, query);
    if (plainPath.length() > 1 && plainPath.endsWith("/")) {
      plainPath = plainPath.substring(0, plainPath.length() - 1);
    }
    String[] segments = plainPath.substring(1).split("/", -1);
    return switch (plainPath) {
      case "/version" -> json(Map.of("major", "1", "minor", "32", "gitVersion", GIT_VERSION,
          "platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch")));
      case "/api" -> json(new APIVersionsBuilder().withVersions("v1").build());
      case "/apis" -> json(new APIGroupListBuilder().withGroups(groups()).build());
      case "/api/v1" -> json(resourceList("v1"));
      case "/openapi/v3" -> json(Map.of("paths", Map.of("api/v1",
          Map.of("serverRelativeURL", CORE_OPENAPI))));
      case CORE_OPENAPI -> json(coreOpenApi());
      case "/openapi/v2" -> new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
      default -> {
        if (segments.length == 3 && segments[0].equals("apis")) {
          String groupVersion = segments[1] + "/" + segments[2];
          yield knowsGroupVersion(groupVersion)
              ? json(resourceList(groupVersion))
              : new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        if (path.contains("watch=true")) {
          yield super.dispatch(request);
        }
        MockResponse response = fieldSelector(path).map(selector -> selectByFields(path, selector))
            .orElseGet(() -> super.dispatch(request));
        yield wantsTable(request) ? table(segments, response) : typedList(segments, response);
      }
    };
  }

  private List<APIGroup> groups() {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    BUILT_INS.stream().filter(b -> !b.group().isEmpty())
        .forEach(b -> versions.computeIfAbsent(b.group(), g -> new ArrayList<>()).add(b.version()));
    for (CustomResourceDefinition crd : crds()) {
      crd.getSpec().getVersions().stream().filter(CustomResourceDefinitionVersion::getServed)
          .forEach(v -> versions.computeIfAbsent(crd.getSpec().getGroup(), g -> new ArrayList<>()).add(v.getName()));
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach((group, names) -> {
      List<String> distinct = names.stream().distinct().toList();
      var versionList = distinct.stream()
          .map(v -> new GroupVersionForDiscoveryBuilder().withGroupVersion(group + "/" + v).withVersion(v).build())
          .toList();
      groups.add(new APIGroupBuilder().withName(group).withVersions(versionList)
          .withPreferredVersion(versionList.get(0)).build());
    });
    return groups;
  }

  /**
   * An OpenAPI v3 document of the core group without schemas: only the PATCH operations with the
   * fieldValidation parameter. kubectl looks for it to leave validation to the server (which this
   * mock skips) instead of downloading the OpenAPI v2 schemas it would validate with itself.
   */
  private static Map<String, Object> coreOpenApi() {
    Map<String, Object> paths = new LinkedHashMap<>();
    BUILT_INS.stream().filter(b -> b.group().isEmpty()).forEach(b -> paths.put(
        "/api/v1/" + (b.namespaced() ? "namespaces/{namespace}/" : "") + b.plural() + "/{name}",
        Map.of("patch", Map.of(
            "x-kubernetes-group-version-kind", Map.of("group", "", "version", b.version(), "kind", b.kind()),
            "parameters", List.of(Map.of("name", "fieldValidation", "in", "query", "schema", Map.of("type", "string"))),
            "responses", Map.of()))));
    return Map.of("openapi", "3.0.0", "info", Map.of("title", "Kubernetes", "version", GIT_VERSION), "paths", paths);
  }

  private boolean knowsGroupVersion(String groupVersion) {
    return BUILT_INS.stream().anyMatch(b -> b.groupVersion().equals(groupVersion))
        || crds().stream().anyMatch(crd -> crdVersion(crd, groupVersion).isPresent());
  }

  private io.fabric8.kubernetes.api.model.APIResourceList resourceList(String groupVersion) {
    List<APIResource> resources = new ArrayList<>();
    BUILT_INS.stream().filter(b -> b.groupVersion().equals(groupVersion)).forEach(b -> resources.add(
        new APIResourceBuilder().withName(b.plural()).withSingularName(b.singular()).withKind(b.kind())
            .withNamespaced(b.namespaced()).withVerbs(VERBS).withShortNames(b.shortNames()).build()));
    for (CustomResourceDefinition crd : crds()) {
      crdVersion(crd, groupVersion).ifPresent(version -> {
        var names = crd.getSpec().getNames();
        boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
        resources.add(new APIResourceBuilder().withName(names.getPlural()).withSingularName(names.getSingular())
            .withKind(names.getKind()).withNamespaced(namespaced).withVerbs(VERBS)
            .withShortNames(names.getShortNames()).withCategories(names.getCategories()).build());
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          resources.add(new APIResourceBuilder().withName(names.getPlural() + "/status").withSingularName("")
              .withKind(names.getKind()).withNamespaced(namespaced).withVerbs("get", "patch", "update").build());
        }
      });
    }
    return new APIResourceListBuilder().withGroupVersion(groupVersion).withResources(resources).build();
  }

  private List<CustomResourceDefinition> crds() {
    MockResponse stored = super.handleGet(CRD_PATH);
    return Serialization.unmarshal(new String(stored.getBody().getBytes(), StandardCharsets.UTF_8),
        CustomResourceDefinitionList.class).getItems();
  }

  private static Optional<CustomResourceDefinitionVersion> crdVersion(CustomResourceDefinition crd, String groupVersion) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getServed()))
        .filter(v -> (crd.getSpec().getGroup() + "/" + v.getName()).equals(groupVersion))
        .findFirst();
  }

  /**
   * A list as the API server names it (e.g. EventList): the CRUD mock calls every list "List", which
   * kubectl's typed clients (describe's events) do not decode.
   */
  private MockResponse typedList(String[] segments, MockResponse response) {
    Optional<ResourcePath> resource = ResourcePath.of(segments).filter(r -> !r.item());
    if (response.code() != HttpURLConnection.HTTP_OK || resource.isEmpty()) {
      return response;
    }
    String groupVersion = resource.get().groupVersion();
    String plural = resource.get().plural();
    Optional<String> kind = BUILT_INS.stream()
        .filter(b -> b.groupVersion().equals(groupVersion) && b.plural().equals(plural))
        .map(BuiltIn::kind)
        .findFirst()
        .or(() -> crds().stream()
            .filter(crd -> crd.getSpec().getNames().getPlural().equals(plural) && crdVersion(crd, groupVersion).isPresent())
            .map(crd -> crd.getSpec().getNames().getKind())
            .findFirst());
    if (kind.isEmpty()) {
      return response;
    }
    try {
      JsonNode body = JSON.readTree(response.getBody().getBytes());
      if (!(body instanceof ObjectNode list) || !"List".equals(list.path("kind").asText())) {
        return response;
      }
      list.put("kind", kind.get() + "List").put("apiVersion", groupVersion);
      return json(list);
    } catch (java.io.IOException e) {
      return response;
    }
  }

  /** The fieldSelector of a list (not a watch) request, when it has one. */
  private static Optional<String> fieldSelector(String path) {
    int query = path.indexOf('?');
    if (query < 0 || path.contains("watch=true")) {
      return Optional.empty();
    }
    return Arrays.stream(path.substring(query + 1).split("&"))
        .filter(parameter -> parameter.startsWith("fieldSelector="))
        .map(parameter -> URLDecoder.decode(parameter.substring("fieldSelector=".length()), StandardCharsets.UTF_8))
        .findFirst();
  }

  /**
   * A list filtered by any field selector of equalities (a=b, a==b, a!=b), e.g. kubectl describe's
   * involvedObject.* selector of events; the CRUD mock knows metadata.name only.
   */
  private MockResponse selectByFields(String path, String selector) {
    int query = path.indexOf('?');
    String rest = Arrays.stream(path.substring(query + 1).split("&"))
        .filter(parameter -> !parameter.startsWith("fieldSelector="))
        .collect(Collectors.joining("&"));
    MockResponse all = super.handleGet(path.substring(0, query) + (rest.isEmpty() ? "" : "?" + rest));
    if (all.code() != HttpURLConnection.HTTP_OK) {
      return all;
    }
    try {
      ObjectNode list = (ObjectNode) JSON.readTree(all.getBody().getBytes());
      if (!list.path("items").isArray()) {
        return all;
      }
      ArrayNode kept = JSON.createArrayNode();
      for (JsonNode item : list.path("items")) {
        if (Arrays.stream(selector.split(",")).allMatch(requirement -> matches(item, requirement))) {
          kept.add(item);
        }
      }
      list.set("items", kept);
      return json(list);
    } catch (java.io.IOException e) {
      return all;
    }
  }

  private static boolean matches(JsonNode item, String requirement) {
    boolean negated = requirement.contains("!=");
    String[] sides = requirement.split(negated ? "!=" : "==?", 2);
    if (sides.length != 2) {
      return true;
    }
    JsonNode value = item.at("/" + sides[0].trim().replace('.', '/'));
    String actual = value.isMissingNode() || value.isNull() ? "" : value.asText();
    return actual.equals(sides[1].trim()) != negated;
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table") && !request.getPath().contains("watch=true");
  }

  /**
   * A meta.k8s.io/v1 Table of custom resources, as the API server builds it from the CRD's
   * additionalPrinterColumns; any other answer is passed on (kubectl then prints names and ages).
   * Printer columns with simple paths (.a.b.c) are evaluated; others stay empty.
   */
  private MockResponse table(String[] segments, MockResponse response) {
    Optional<ResourcePath> resource = ResourcePath.of(segments).filter(r -> !r.subresource());
    if (response.code() != HttpURLConnection.HTTP_OK || resource.isEmpty()) {
      return response;
    }
    Optional<CustomResourceDefinitionVersion> version = crds().stream()
        .filter(crd -> crd.getSpec().getNames().getPlural().equals(resource.get().plural()))
        .flatMap(crd -> crdVersion(crd, resource.get().groupVersion()).stream())
        .findFirst();
    if (version.isEmpty()) {
      return response;
    }
    boolean item = resource.get().item();
    List<CustomResourceColumnDefinition> columns = Optional.ofNullable(version.get().getAdditionalPrinterColumns())
        .orElse(List.of());
    try {
      JsonNode body = JSON.readTree(response.getBody().getBytes());
      List<JsonNode> objects = item ? List.of(body) : iterable(body.path("items"));
      ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
      table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
      ArrayNode definitions = table.putArray("columnDefinitions");
      definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
          .put("description", "Name of the resource").put("priority", 0);
      columns.forEach(c -> definitions.addObject().put("name", c.getName()).put("type", c.getType())
          .put("format", Optional.ofNullable(c.getFormat()).orElse(""))
          .put("description", Optional.ofNullable(c.getDescription()).orElse(""))
          .put("priority", Optional.ofNullable(c.getPriority()).orElse(0)));
      ArrayNode rows = table.putArray("rows");
      for (JsonNode object : objects) {
        ObjectNode row = rows.addObject();
        ArrayNode cells = row.putArray("cells");
        cells.add(object.path("metadata").path("name").asText());
        columns.forEach(c -> cells.add(cell(object, c)));
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.path("metadata"));
      }
      return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
          .setHeader("Content-Type", "application/json;as=Table;v=v1;g=meta.k8s.io").setBody(JSON.writeValueAsString(table));
    } catch (java.io.IOException e) {
      return response;
    }
  }

  private JsonNode cell(JsonNode object, CustomResourceColumnDefinition column) {
    String path = column.getJsonPath();
    if (path == null || !path.matches("(\\.[A-Za-z0-9_-]+)+")) {
      return null;
    }
    JsonNode value = object.at(path.replace('.', '/'));
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if ("date".equals(column.getType())) {
      try {
        return JSON.getNodeFactory().textNode(humanDuration(Duration.between(Instant.parse(value.asText()), clock.instant())));
      } catch (DateTimeParseException e) {
        return value;
      }
    }
    return value;
  }

  /** Kubernetes' HumanDuration: "12s", "3m4s", "42m", "5h3m", "20h", "3d4h", "12d". */
  static String humanDuration(Duration age) {
    long seconds = Math.max(0, age.toSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    }
    if (minutes < 3 * 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return hours % 24 == 0 ? days + "d" : days + "d" + hours % 24 + "h";
    }
    return days + "d";
  }

  private static List<JsonNode> iterable(JsonNode array) {
    return array.isArray() ? Stream.iterate(0, i -> i < array.size(), i -> i + 1).map(array::get).toList() : List.of();
  }

  private static MockResponse json(Object body) {
    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader("Content-Type", "application/json")
        .setBody(Serialization.asJson(body));
  }
}
