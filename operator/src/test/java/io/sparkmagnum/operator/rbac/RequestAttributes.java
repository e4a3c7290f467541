package io.sparkmagnum.operator.rbac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the API server's authorizer sees of a request, derived from its method and path as
 * Kubernetes' RequestInfoFactory derives it: a resource request (verb, API group, namespace, resource,
 * subresource, name) or a non-resource request (verb and path).
 */
record RequestAttributes(boolean resourceRequest, String verb, String apiGroup, String namespace, String resource,
    String subresource, String name, String path) {
  private static final Map<String, String> VERBS = Map.of(
      "GET", "get", "HEAD", "get", "POST", "create", "PUT", "update", "PATCH", "patch", "DELETE", "delete");
  /** Subresources of a namespace: /api/v1/namespaces/NAME/status is the namespace's, not a resource "status". */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
  private static final ObjectMapper JSON = new ObjectMapper();

  static RequestAttributes of(String method, String pathAndQuery) {
    int queryStart = pathAndQuery.indexOf('?');
    String path = queryStart < 0 ? pathAndQuery : pathAndQuery.substring(0, queryStart);
    Map<String, String> query = queryStart < 0 ? Map.of() : query(pathAndQuery.substring(queryStart + 1));
    String verb = VERBS.getOrDefault(method.toUpperCase(), method.toLowerCase());
    List<String> parts = Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toList();

    String apiGroup;
    List<String> rest;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      apiGroup = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      apiGroup = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return new RequestAttributes(false, verb, null, null, null, null, null, path);
    }
    String namespace = "";
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() >= 2 ? rest.get(1) : "";
    String subresource = rest.size() >= 3 ? rest.get(2) : "";
    if (name.isEmpty() && verb.equals("get")) {
      verb = "true".equals(query.get("watch")) ? "watch" : "list";
      name = Optional.ofNullable(query.get("fieldSelector")).flatMap(RequestAttributes::exactName).orElse("");
    }
    if (name.isEmpty() && verb.equals("delete")) {
      verb = "deletecollection";
    }
    return new RequestAttributes(true, verb, apiGroup, namespace, resource, subresource, name, path);
  }

  /**
   * What the admission plugin OwnerReferencesPermissionEnforcement checks besides the request: whoever
   * sets an owner reference with {@code blockOwnerDeletion: true} needs {@code update} on the
   * owner's {@code finalizers} subresource. Owners are named by kind; their plural is taken as the
   * lower-case kind plus "s", right for the kinds this operator owns objects with.
   */
  static List<RequestAttributes> ownerReferenceChecks(RequestAttributes request, String body) {
    if (!Set.of("create", "update", "patch").contains(request.verb()) || body == null || body.isBlank()) {
      return List.of();
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(body);
    } catch (JsonProcessingException notJson) {
      return List.of();
    }
    List<RequestAttributes> checks = new ArrayList<>();
    for (JsonNode owner : tree.findParents("blockOwnerDeletion")) {
      if (owner.path("blockOwnerDeletion").asBoolean(false) && owner.hasNonNull("kind")) {
        String apiVersion = owner.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String plural = owner.path("kind").asText().toLowerCase(Locale.ROOT) + "s";
        checks.add(new RequestAttributes(true, "update", group, request.namespace(), plural, "finalizers",
            owner.path("name").asText(""), request.path()));
      }
    }
    return checks;
  }

  /** {@code metadata.name=NAME} in a field selector: such a list or watch is authorized for that name. */
  private static Optional<String> exactName(String fieldSelector) {
    return Arrays.stream(fieldSelector.split(","))
        .map(requirement -> requirement.split("==?", 2))
        .filter(sides -> sides.length == 2 && sides[0].equals("metadata.name"))
        .map(sides -> sides[1])
        .findFirst();
  }

  private static Map<String, String> query(String query) {
    return Arrays.stream(query.split("&"))
        .map(parameter -> parameter.split("=", 2))
        .collect(Collectors.toMap(
            pair -> URLDecoder.decode(pair[0], StandardCharsets.UTF_8),
            pair -> pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : "",
            (first, second) -> first));
  }

  /** The resource as RBAC rules name it: {@code resource} or {@code resource/subresource}. */
  String combinedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    if (!resourceRequest) {
      return verb + " " + path;
    }
    return verb + " " + combinedResource() + (apiGroup.isEmpty() ? "" : "." + apiGroup)
        + (namespace.isEmpty() ? "" : " in " + namespace) + (name.isEmpty() ? "" : " named " + name);
  }
}
