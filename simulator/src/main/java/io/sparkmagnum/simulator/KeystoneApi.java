package io.sparkmagnum.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Keystone v3 as clients use it: version discovery, token issue (password, application credential
 * and token methods), validation and revocation, with Keystone's bodies and errors.
 */
final class KeystoneApi extends SimulatedService {
  private static final DateTimeFormatter KEYSTONE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final String UNAUTHORIZED_MESSAGE = "The request you have made requires authentication.";

  private final Identity identity;
  private final Counters counters;
  private final String region;
  private final Supplier<String> magnumEndpoint;
  private final String identityServiceId = hexId();
  private final String magnumServiceId = hexId();
  private final List<String> identityEndpointIds = List.of(hexId(), hexId(), hexId());
  private final List<String> magnumEndpointIds = List.of(hexId(), hexId(), hexId());

  KeystoneApi(Identity identity, Counters counters, Faults faults, String region, Supplier<String> magnumEndpoint) {
    super(Service.KEYSTONE, counters, faults);
    this.identity = identity;
    this.counters = counters;
    this.region = region;
    this.magnumEndpoint = magnumEndpoint;
  }

  /** The identity endpoint as the catalog and the version document name it. */
  String identityEndpoint() {
    return baseUrl() + "/v3/";
  }

  @Override
  String classify(SimRequest request) {
    List<String> segments = request.segments();
    if (segments.isEmpty() || segments.equals(List.of("v3"))) {
      return Operations.IDENTITY_VERSIONS;
    }
    if (segments.equals(List.of("v3", "auth", "tokens"))) {
      return request.method().equals("POST") ? Operations.TOKENS_CREATE : Operations.TOKENS_VALIDATE;
    }
    return Operations.UNKNOWN;
  }

  @Override
  Optional<SimResponse> outage() {
    return faults().isKeystoneDown() ? Optional.of(injectedFailure(503)) : Optional.empty();
  }

  @Override
  SimResponse injectedFailure(int status) {
    SimResponse response = error(status, status == 429 ? "Rate limit exceeded." : "The service is unavailable.");
    return status == 429 ? response.header("Retry-After", "1") : response;
  }

  @Override
  SimResponse answer(SimRequest request, String operation) {
    switch (operation) {
      case Operations.IDENTITY_VERSIONS:
        requireMethod(request, "GET", "HEAD");
        return request.segments().isEmpty()
            ? SimResponse.json(300, Map.of("versions", Map.of("values", List.of(versionDocument()))))
            : SimResponse.json(200, Map.of("version", versionDocument()));
      case Operations.TOKENS_CREATE:
        return issueToken(request);
      case Operations.TOKENS_VALIDATE:
        requireMethod(request, "GET", "HEAD", "DELETE");
        return validateToken(request);
      default:
        throw new ApiError(error(404, "The resource could not be found."));
    }
  }

  private Map<String, Object> versionDocument() {
    return Json.object(
        "id", "v3.14",
        "status", "stable",
        "updated", "2020-04-07T00:00:00Z",
        "links", List.of(Json.object("rel", "self", "href", identityEndpoint())),
        "media-types",
            List.of(Json.object("base", "application/json", "type", "application/vnd.openstack.identity-v3+json")));
  }

  private SimResponse issueToken(SimRequest request) {
    JsonNode body = Json.parse(request.body());
    JsonNode auth = body == null ? null : body.get("auth");
    if (auth == null || !auth.isObject()) {
      throw badRequest("Expecting to find auth in request body. The server could not comply with the request since it"
          + " is either malformed or otherwise incorrect. The client is assumed to be in error.");
    }
    JsonNode identityNode = auth.get("identity");
    JsonNode methodsNode = identityNode == null ? null : identityNode.get("methods");
    if (methodsNode == null || !methodsNode.isArray() || methodsNode.isEmpty()) {
      throw badRequest("Invalid input for field 'identity': 'methods' is a required property");
    }
    List<String> methods = new ArrayList<>();
    methodsNode.forEach(method -> methods.add(method.asText()));
    if (methods.size() != 1) {
      throw unauthorized();
    }
    String method = methods.get(0);
    JsonNode scope = auth.get("scope");
    Identity.Token token =
        switch (method) {
          case "password" -> passwordToken(identityNode.get("password"), scope, methods);
          case "application_credential" -> applicationCredentialToken(identityNode.get(method), methods);
          case "token" -> rescopedToken(identityNode.get("token"), scope, methods);
          default -> throw unauthorized();
        };
    counters.countToken(token.userId(), token.applicationCredentialId());
    boolean withCatalog = !request.query().containsKey("nocatalog");
    return SimResponse.json(201, Map.of("token", tokenBody(token, withCatalog)))
        .header("X-Subject-Token", token.id())
        .header("Vary", "X-Auth-Token");
  }

  private Identity.Token passwordToken(JsonNode password, JsonNode scope, List<String> methods) {
    JsonNode userNode = password == null ? null : password.get("user");
    if (userNode == null || !userNode.isObject()) {
      throw badRequest("Invalid input for field 'identity/password': 'user' is a required property");
    }
    UserSeed user = findUser(userNode).orElseThrow(this::unauthorized);
    String secret = Json.text(userNode, "password");
    if (secret == null || !constantTimeEquals(secret, user.password())) {
      throw unauthorized();
    }
    ProjectSeed project = scopedProject(scope);
    return issueFor(user, project, methods);
  }

  private Identity.Token applicationCredentialToken(JsonNode credentialNode, List<String> methods) {
    if (credentialNode == null || !credentialNode.isObject() || Json.text(credentialNode, "secret") == null) {
      throw badRequest("Invalid input for field 'identity/application_credential': 'secret' is a required property");
    }
    Optional<ApplicationCredentialSeed> credential;
    String id = Json.text(credentialNode, "id");
    if (id != null) {
      credential = identity.applicationCredentialById(id);
    } else {
      String name = Json.text(credentialNode, "name");
      JsonNode userNode = credentialNode.get("user");
      if (name == null || userNode == null) {
        throw badRequest("Could not find application credential: an id, or a name and a user, are required");
      }
      credential = findUser(userNode).flatMap(user -> identity.applicationCredentialByName(name, user.id()));
    }
    ApplicationCredentialSeed found = credential.orElseThrow(this::unauthorized);
    if (!constantTimeEquals(Json.text(credentialNode, "secret"), found.secret())) {
      throw unauthorized();
    }
    UserSeed user = identity.userById(found.userId()).orElseThrow(this::unauthorized);
    ProjectSeed project = identity.projectById(found.projectId()).orElseThrow(this::unauthorized);
    List<String> roles = found.roles().stream().filter(user.roles()::contains).toList();
    if (roles.isEmpty()) {
      throw unauthorized();
    }
    return identity.issue(user, project, roles, found, methods);
  }

  private Identity.Token rescopedToken(JsonNode tokenNode, JsonNode scope, List<String> methods) {
    String tokenId = Json.text(tokenNode, "id");
    if (tokenId == null) {
      throw badRequest("Invalid input for field 'identity/token': 'id' is a required property");
    }
    Identity.Token original =
        identity.validToken(tokenId).orElseThrow(() -> new ApiError(error(404, "Could not find token.")));
    if (original.applicationCredentialId() != null) {
      throw new ApiError(
          error(
              403,
              "You are not authorized to perform the requested action: Using a token issued through an"
                  + " application credential to obtain another token is not allowed."));
    }
    UserSeed user = identity.userById(original.userId()).orElseThrow(this::unauthorized);
    ProjectSeed project =
        scope == null ? identity.projectById(original.projectId()).orElse(null) : scopedProject(scope);
    return issueFor(user, project, methods);
  }

  private Identity.Token issueFor(UserSeed user, ProjectSeed project, List<String> methods) {
    if (project != null && !user.projectIds().contains(project.id())) {
      throw unauthorized();
    }
    return identity.issue(user, project, project == null ? List.of() : user.roles(), null, methods);
  }

  private Optional<UserSeed> findUser(JsonNode userNode) {
    String id = Json.text(userNode, "id");
    if (id != null) {
      return identity.userById(id);
    }
    String name = Json.text(userNode, "name");
    if (name == null) {
      throw badRequest("Invalid input for field 'user': an id or a name is required");
    }
    return domainOf(userNode).flatMap(domain -> identity.userByName(name, domain.id()));
  }

  /** The project of a project scope; null when unscoped; 401 for scopes the simulator lacks. */
  private ProjectSeed scopedProject(JsonNode scope) {
    if (scope == null || scope.isNull() || (scope.isTextual() && scope.asText().equals("unscoped"))) {
      return null;
    }
    JsonNode projectNode = scope.get("project");
    if (projectNode == null || !projectNode.isObject()) {
      throw unauthorized();
    }
    String id = Json.text(projectNode, "id");
    if (id != null) {
      return identity.projectById(id).orElseThrow(this::unauthorized);
    }
    String name = Json.text(projectNode, "name");
    if (name == null) {
      throw badRequest("Invalid input for field 'scope/project': an id or a name is required");
    }
    return domainOf(projectNode)
        .flatMap(domain -> identity.projectByName(name, domain.id()))
        .orElseThrow(this::unauthorized);
  }

  private Optional<Identity.Domain> domainOf(JsonNode owner) {
    JsonNode domainNode = owner.get("domain");
    if (domainNode == null || !domainNode.isObject()) {
      throw badRequest("Expecting to find domain in " + (owner.has("password") ? "user" : "project")
          + ". The server could not comply with the request since it is either malformed or otherwise incorrect."
          + " The client is assumed to be in error.");
    }
    String id = Json.text(domainNode, "id");
    if (id != null) {
      return identity.domainById(id);
    }
    String name = Json.text(domainNode, "name");
    return name == null ? Optional.empty() : identity.domainByName(name);
  }

  private SimResponse validateToken(SimRequest request) {
    identity.validToken(request.header("X-Auth-Token")).orElseThrow(this::unauthorized);
    String subjectId = request.header("X-Subject-Token");
    Identity.Token subject =
        identity.validToken(subjectId).orElseThrow(() -> new ApiError(error(404, "Could not find token.")));
    if (request.method().equals("DELETE")) {
      identity.revoke(subjectId);
      return SimResponse.empty(204);
    }
    return SimResponse.json(200, Map.of("token", tokenBody(subject, true))).header("X-Subject-Token", subjectId);
  }

  private Map<String, Object> tokenBody(Identity.Token token, boolean withCatalog) {
    UserSeed user = identity.userById(token.userId()).orElseThrow();
    Map<String, Object> body =
        Json.object(
            "methods", token.methods(),
            "user",
                Json.object(
                    "domain", domainBody(user.domainId()),
                    "id", user.id(),
                    "name", user.name(),
                    "password_expires_at", null),
            "audit_ids", List.of(token.auditId()),
            "expires_at", KEYSTONE_TIME.format(token.expiresAt()),
            "issued_at", KEYSTONE_TIME.format(token.issuedAt()));
    if (token.scoped()) {
      ProjectSeed project = identity.projectById(token.projectId()).orElseThrow();
      body.put(
          "project",
          Json.object("domain", domainBody(project.domainId()), "id", project.id(), "name", project.name()));
      body.put("is_domain", false);
      body.put("roles", token.roles().stream().map(role -> Json.object("id", roleId(role), "name", role)).toList());
      if (withCatalog) {
        body.put("catalog", catalog());
      }
    }
    if (token.applicationCredentialId() != null) {
      ApplicationCredentialSeed credential =
          identity.applicationCredentialById(token.applicationCredentialId()).orElseThrow();
      body.put(
          "application_credential",
          Json.object("id", credential.id(), "name", credential.name(), "restricted", true));
    }
    return body;
  }

  private Map<String, Object> domainBody(String domainId) {
    Identity.Domain domain = identity.domainById(domainId).orElseThrow();
    return Json.object("id", domain.id(), "name", domain.name());
  }

  private List<Object> catalog() {
    String keystoneUrl = identityEndpoint();
    String magnumUrl = magnumEndpoint.get();
    return List.of(
        Json.object(
            "endpoints", endpoints(identityEndpointIds, keystoneUrl),
            "id", identityServiceId,
            "type", "identity",
            "name", "keystone"),
        Json.object(
            "endpoints", endpoints(magnumEndpointIds, magnumUrl),
            "id", magnumServiceId,
            "type", "container-infra",
            "name", "magnum"));
  }

  private List<Object> endpoints(List<String> ids, String url) {
    List<String> interfaces = List.of("public", "internal", "admin");
    List<Object> result = new ArrayList<>();
    for (int i = 0; i < interfaces.size(); i++) {
      result.add(
          Json.object(
              "id", ids.get(i),
              "interface", interfaces.get(i),
              "region_id", region,
              "url", url,
              "region", region));
    }
    return result;
  }

  private void requireMethod(SimRequest request, String... allowed) {
    if (!List.of(allowed).contains(request.method())) {
      throw new ApiError(
          error(405, "The method specified is not allowed for the requested URL.")
              .header("Allow", String.join(", ", allowed)));
    }
  }

  private static String roleId(String roleName) {
    return UUID.nameUUIDFromBytes(("role:" + roleName).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString()
        .replace("-", "");
  }

  private static String hexId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static boolean constantTimeEquals(String given, String expected) {
    return java.security.MessageDigest.isEqual(
        given.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Keystone says no more than this about a refused credential, so as not to help a guesser. */
  private ApiError unauthorized() {
    return new ApiError(
        error(401, UNAUTHORIZED_MESSAGE).header("WWW-Authenticate", "Keystone uri=\"" + baseUrl() + "\""));
  }

  private static ApiError badRequest(String message) {
    return new ApiError(error(400, message));
  }

  static SimResponse error(int status, String message) {
    return SimResponse.json(
        status, Map.of("error", Json.object("code", status, "message", message, "title", HttpStatus.reason(status))));
  }
}
