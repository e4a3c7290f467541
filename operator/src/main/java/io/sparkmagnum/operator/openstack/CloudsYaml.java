package io.sparkmagnum.operator.openstack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkmagnum.operator.openstack.CloudCredentials.ApplicationCredential;
import io.sparkmagnum.operator.openstack.CloudCredentials.AuthMethod;
import io.sparkmagnum.operator.openstack.CloudCredentials.EndpointInterface;
import io.sparkmagnum.operator.openstack.CloudCredentials.Identity;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one cloud of a clouds.yaml the way openstacksdk does for the fields this operator needs.
 * Error messages name fields, never values: a YAML syntax error is reported by line and column only.
 */
final class CloudsYaml {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final String cloudName;
  private final JsonNode cloud;
  private final JsonNode auth;

  private CloudsYaml(String cloudName, JsonNode cloud) {
    this.cloudName = cloudName;
    this.cloud = cloud;
    this.auth = cloud.path("auth");
  }

  static CloudCredentials fromSecretData(Map<String, String> data, String cloudName)
      throws CredentialsException {
    if (data == null || data.get(CloudCredentials.CLOUDS_YAML_KEY) == null) {
      throw new CredentialsException("the Secret has no key " + CloudCredentials.CLOUDS_YAML_KEY);
    }
    String cloudsYaml = decode(data.get(CloudCredentials.CLOUDS_YAML_KEY), CloudCredentials.CLOUDS_YAML_KEY);
    String caCert = data.get(CloudCredentials.CACERT_KEY);
    return parse(cloudsYaml, cloudName, caCert == null ? null : decode(caCert, CloudCredentials.CACERT_KEY));
  }

  static CloudCredentials parse(String cloudsYaml, String requestedCloud, String caCertPem)
      throws CredentialsException {
    String cloudName =
        requestedCloud == null || requestedCloud.isBlank() ? CloudCredentials.DEFAULT_CLOUD : requestedCloud;
    JsonNode root = readTree(cloudsYaml);
    JsonNode clouds = root.path("clouds");
    if (!clouds.isObject()) {
      throw new CredentialsException("clouds.yaml has no 'clouds' mapping");
    }
    JsonNode cloud = clouds.get(cloudName);
    if (cloud == null || !cloud.isObject()) {
      List<String> names = new ArrayList<>();
      clouds.fieldNames().forEachRemaining(names::add);
      throw new CredentialsException("clouds.yaml has no cloud named '" + cloudName + "' (it has " + names + ")");
    }
    return new CloudsYaml(cloudName, cloud).credentials(caCertPem);
  }

  private CloudCredentials credentials(String caCertPem) throws CredentialsException {
    if (!auth.isObject()) {
      throw missing("auth");
    }
    String identityVersion = cloudText("identity_api_version");
    if (identityVersion != null && !identityVersion.equals("3") && !identityVersion.startsWith("3.")) {
      throw invalid("identity_api_version", "only Keystone v3 is supported");
    }
    URI authUrl = authUrl();
    AuthMethod method = authMethod();
    EndpointInterface endpointInterface = endpointInterface();
    boolean verify = verify();
    String caCert = caCertPem == null || caCertPem.isBlank() ? null : TlsTrust.requireCertificates(caCertPem);
    String region = cloudText("region_name");

    if (method == AuthMethod.APPLICATION_CREDENTIAL) {
      String id = authText("application_credential_id");
      String name = authText("application_credential_name");
      String secret = authText("application_credential_secret");
      if (secret == null) {
        throw missing("auth.application_credential_secret");
      }
      Identity user = null;
      if (id == null) {
        if (name == null) {
          throw missing("auth.application_credential_id (or auth.application_credential_name)");
        }
        user = user("auth.application_credential_name");
      }
      return new CloudCredentials(
          cloudName, authUrl, method, user, null, null, new ApplicationCredential(id, name, secret),
          region, endpointInterface, verify, caCert);
    }

    String password = authText("password");
    if (password == null) {
      throw missing("auth.password");
    }
    return new CloudCredentials(
        cloudName, authUrl, method, user("auth.username"), password, project(), null,
        region, endpointInterface, verify, caCert);
  }

  private URI authUrl() throws CredentialsException {
    String text = authText("auth_url");
    if (text == null) {
      throw missing("auth.auth_url");
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw invalid("auth.auth_url", "not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw invalid("auth.auth_url", "not an http(s) URL with a host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid("auth.auth_url", "has a query or fragment");
    }
    if (uri.getRawUserInfo() != null) {
      // it would travel into every message and log line that names Keystone's URL
      throw invalid("auth.auth_url", "must not hold a user or password; put them under auth");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    if (path.matches(".*/v2(\\.0)?")) {
      throw invalid("auth.auth_url", "points at Keystone v2; only v3 is supported");
    }
    if (!path.endsWith("/v3")) {
      path = path + "/v3";
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  private AuthMethod authMethod() throws CredentialsException {
    String authType = cloudText("auth_type");
    if (authType == null) {
      boolean applicationCredential = authText("application_credential_secret") != null
          && authText("password") == null;
      return applicationCredential ? AuthMethod.APPLICATION_CREDENTIAL : AuthMethod.PASSWORD;
    }
    return switch (authType.toLowerCase(Locale.ROOT)) {
      case "password", "v3password" -> AuthMethod.PASSWORD;
      case "v3applicationcredential", "applicationcredential" -> AuthMethod.APPLICATION_CREDENTIAL;
      default -> throw invalid("auth_type", "supported are password, v3password and v3applicationcredential");
    };
  }

  private EndpointInterface endpointInterface() throws CredentialsException {
    String value = cloudText("interface");
    if (value == null) {
      return EndpointInterface.PUBLIC;
    }
    String normalized = value.toLowerCase(Locale.ROOT).replaceFirst("url$", "");
    return switch (normalized) {
      case "public" -> EndpointInterface.PUBLIC;
      case "internal" -> EndpointInterface.INTERNAL;
      case "admin" -> EndpointInterface.ADMIN;
      default -> throw invalid("interface", "supported are public, internal and admin");
    };
  }

  private boolean verify() throws CredentialsException {
    JsonNode verify = cloud.get("verify");
    if (verify == null || verify.isNull()) {
      return true;
    }
    if (verify.isBoolean()) {
      return verify.booleanValue();
    }
    if (verify.isTextual() && verify.textValue().equalsIgnoreCase("true")) {
      return true;
    }
    if (verify.isTextual() && verify.textValue().equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid("verify", "must be true or false (put a CA bundle in the Secret's key cacert)");
  }

  /** The user, by auth.user_id or by auth.username within a domain. */
  private Identity user(String requiredBy) throws CredentialsException {
    String id = authText("user_id");
    if (id != null) {
      return new Identity(id, null, null, null);
    }
    String name = authText("username");
    if (name == null) {
      throw missing("auth.username (or auth.user_id) for " + requiredBy);
    }
    return named(name, "user", "auth.username");
  }

  /** The project scope, by auth.project_id or by auth.project_name within a domain. */
  private Identity project() throws CredentialsException {
    String id = firstAuthText("project_id", "tenant_id");
    if (id != null) {
      return new Identity(id, null, null, null);
    }
    String name = firstAuthText("project_name", "tenant_name");
    if (name == null) {
      throw missing("auth.project_name (or auth.project_id)");
    }
    return named(name, "project", "auth.project_name");
  }

  /**
   * A user or project by name within its domain: {@code <kind>_domain_id|name}, else, as
   * openstacksdk does, the generic {@code domain_id|name}.
   */
  private Identity named(String name, String kind, String field) throws CredentialsException {
    String domainId = authText(kind + "_domain_id");
    String domainName = authText(kind + "_domain_name");
    if (domainId == null && domainName == null) {
      domainId = authText("domain_id");
      domainName = authText("domain_name");
    }
    if (domainId == null && domainName == null) {
      throw missing("auth." + kind + "_domain_name (or " + kind + "_domain_id, domain_name, domain_id) for " + field);
    }
    return new Identity(null, name, domainId, domainName);
  }

  private String firstAuthText(String... fields) throws CredentialsException {
    for (String field : fields) {
      String value = authText(field);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private String authText(String field) throws CredentialsException {
    return text(auth, "auth." + field, field);
  }

  private String cloudText(String field) throws CredentialsException {
    return text(cloud, field, field);
  }

  private String text(JsonNode parent, String path, String field) throws CredentialsException {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isValueNode()) {
      throw invalid(path, "must be a single value");
    }
    String value = node.asText();
    return value.isBlank() ? null : value;
  }

  private CredentialsException missing(String field) {
    return new CredentialsException("clouds.yaml cloud '" + cloudName + "': " + field + " is missing");
  }

  private CredentialsException invalid(String field, String why) {
    return new CredentialsException("clouds.yaml cloud '" + cloudName + "': " + field + " is invalid: " + why);
  }

  private static JsonNode readTree(String cloudsYaml) throws CredentialsException {
    if (cloudsYaml == null || cloudsYaml.isBlank()) {
      throw new CredentialsException("clouds.yaml is empty");
    }
    try {
      JsonNode root = YAML.readTree(cloudsYaml);
      if (root == null || !root.isObject()) {
        throw new CredentialsException("clouds.yaml is not a YAML mapping");
      }
      return root;
    } catch (JacksonException e) {
      // The parser's own message quotes the offending line, which may hold a password.
      JsonLocation location = e.getLocation();
      String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
      throw new CredentialsException("clouds.yaml is not valid YAML" + where);
    }
  }

  private static String decode(String base64, String key) throws CredentialsException {
    try {
      return new String(Base64.getDecoder().decode(base64.replaceAll("\\s", "")), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new CredentialsException("the Secret's key " + key + " is not valid base64");
    }
  }
}
