package io.sparkmagnum.operator.testing.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keystone (Debian's {@code keystone} package, Keystone's own WSGI application on Python's
 * wsgiref server, plain HTTP on a free loopback port) for integration tests, with:
 *
 * <ul>
 *   <li>project {@value #PROJECT_NAME} and user {@value #USER_NAME} holding role {@value
 *       #MEMBER_ROLE} on it, both in domain {@value #DOMAIN};
 *   <li>Magnum in the catalog: service type {@value #MAGNUM_SERVICE_TYPE}, name {@value
 *       #MAGNUM_SERVICE_NAME}, public/internal/admin endpoints in {@value #REGION} at the URL
 *       given to {@link #start(URI)};
 *   <li>an application credential of that user on that project.
 * </ul>
 *
 * <p>Use one per test class: start it in {@code @BeforeAll} and close it in {@code @AfterAll}
 * (it is null there when the start skipped the class). {@link #start(URI)} skips the calling test
 * (JUnit assumption, with a banner on stderr) when the package is not installed, and fails instead
 * when the environment variable {@code CI} is {@code true}: CI installs it with {@code
 * .ci/install-keystone.sh}.
 */
public final class RealKeystone implements AutoCloseable {

  public static final String DOMAIN = "Default";
  /** The id of domain {@value #DOMAIN}, the same in every Keystone. */
  public static final String DOMAIN_ID = "default";
  public static final String REGION = "RegionOne";
  public static final String PROJECT_NAME = "spark-team";
  public static final String USER_NAME = "spark-operator";
  public static final String MEMBER_ROLE = "member";
  public static final String MAGNUM_SERVICE_TYPE = "container-infra";
  public static final String MAGNUM_SERVICE_NAME = "magnum";
  public static final List<String> INTERFACES = List.of("public", "internal", "admin");

  private static final List<Path> REQUIRED_FILES =
      Stream.of("/usr/bin/python3", "/usr/bin/keystone-manage")
          .map(Path::of)
          .toList();
  private static final String BOOTSTRAP_ADMIN = "admin";
  private static final Logger LOG = LoggerFactory.getLogger(RealKeystone.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeystoneServer server;
  private final URI magnumEndpoint;
  private final String password;
  private final String projectId;
  private final String userId;
  private final String applicationCredentialId;
  private final String applicationCredentialSecret;

  private RealKeystone(
      KeystoneServer server,
      URI magnumEndpoint,
      String password,
      String projectId,
      String userId,
      String applicationCredentialId,
      String applicationCredentialSecret) {
    this.server = server;
    this.magnumEndpoint = magnumEndpoint;
    this.password = password;
    this.projectId = projectId;
    this.userId = userId;
    this.applicationCredentialId = applicationCredentialId;
    this.applicationCredentialSecret = applicationCredentialSecret;
  }

  /** Whether the keystone package (and the system python it runs on) is installed here. */
  public static boolean available() {
    return REQUIRED_FILES.stream().allMatch(Files::isExecutable);
  }

  /**
   * Aborts the calling test (JUnit assumption, loudly on stderr) when Keystone is not installed;
   * fails it instead on CI, where a silently skipped Keystone test would hide a broken setup.
   */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    String reason =
        "the Debian package 'keystone' is not installed (needs "
            + REQUIRED_FILES
            + "); run .ci/install-keystone.sh as root";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("Real-Keystone tests cannot run on CI: " + reason);
    }
    String bar = "!".repeat(100);
    System.err.printf(
        "%n%s%n!! SKIPPING TESTS AGAINST A REAL KEYSTONE: %s%n%s%n%n", bar, reason, bar);
    Assumptions.abort("real Keystone unavailable: " + reason);
  }

  /**
   * Starts a private Keystone and fills it as described above, with Magnum's endpoints at
   * {@code magnumEndpoint} (e.g. the simulator's {@code http://127.0.0.1:PORT/v1}). Takes about
   * 5 s on an idle machine, up to 20 s on a busy one. Skips or fails the calling test as {@link #assumeAvailable()} does.
   */
  public static RealKeystone start(URI magnumEndpoint) throws IOException, InterruptedException {
    assumeAvailable();
    long startNanos = System.nanoTime();
    String adminPassword = randomSecret();
    KeystoneServer server = KeystoneServer.start(adminPassword);
    long serverNanos = System.nanoTime();
    try {
      RealKeystone keystone = provision(server, adminPassword, magnumEndpoint);
      LOG.info(
          "Real Keystone at {} ready in {} ms ({} ms set-up and start, {} ms test data)",
          server.v3(),
          Duration.ofNanos(System.nanoTime() - startNanos).toMillis(),
          Duration.ofNanos(serverNanos - startNanos).toMillis(),
          Duration.ofNanos(System.nanoTime() - serverNanos).toMillis());
      return keystone;
    } catch (IOException | InterruptedException | RuntimeException e) {
      try {
        server.stopAndKeepFiles();
        e.addSuppressed(
            new IllegalStateException("Keystone's files and logs are kept in " + server.directory()));
      } catch (IOException | RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      throw e;
    }
  }

  private static RealKeystone provision(KeystoneServer server, String adminPassword, URI magnumEndpoint)
      throws IOException, InterruptedException {
    KeystoneRestClient keystone = new KeystoneRestClient(server.v3());
    String admin = keystone.passwordToken(BOOTSTRAP_ADMIN, DOMAIN, adminPassword, BOOTSTRAP_ADMIN, DOMAIN);

    String projectId =
        keystone
            .create("/projects", admin, Map.of("project", Map.of("name", PROJECT_NAME, "domain_id", DOMAIN_ID)))
            .at("/project/id")
            .asText();
    String password = randomSecret();
    String userId =
        keystone
            .create(
                "/users",
                admin,
                Map.of(
                    "user",
                    Map.of(
                        "name", USER_NAME,
                        "domain_id", DOMAIN_ID,
                        "password", password,
                        "default_project_id", projectId)))
            .at("/user/id")
            .asText();
    // keystone-manage bootstrap creates the roles admin, member and reader.
    JsonNode roles = keystone.get("/roles?name=" + MEMBER_ROLE, admin).path("roles");
    if (roles.size() != 1) {
      throw new IllegalStateException("expected one role named " + MEMBER_ROLE + ", Keystone has " + roles);
    }
    keystone.put(
        "/projects/" + projectId + "/users/" + userId + "/roles/" + roles.get(0).path("id").asText(), admin);

    String serviceId =
        keystone
            .create(
                "/services",
                admin,
                Map.of("service", Map.of("type", MAGNUM_SERVICE_TYPE, "name", MAGNUM_SERVICE_NAME)))
            .at("/service/id")
            .asText();
    for (String endpointInterface : INTERFACES) {
      keystone.create(
          "/endpoints",
          admin,
          Map.of(
              "endpoint",
              Map.of(
                  "service_id", serviceId,
                  "interface", endpointInterface,
                  "region_id", REGION,
                  "url", magnumEndpoint.toString())));
    }

    // An application credential is created by its owner and bound to the project of the token.
    String userToken = keystone.passwordToken(USER_NAME, DOMAIN, password, PROJECT_NAME, DOMAIN);
    JsonNode credential =
        keystone
            .create(
                "/users/" + userId + "/application_credentials",
                userToken,
                Map.of("application_credential", Map.of("name", "spark-magnum-operator-tests")))
            .path("application_credential");
    return new RealKeystone(
        server,
        magnumEndpoint,
        password,
        projectId,
        userId,
        credential.path("id").asText(),
        credential.path("secret").asText());
  }

  /** The identity URL, {@code http://127.0.0.1:PORT/v3}. */
  public URI authUrl() {
    return server.v3();
  }

  /** The URL of Magnum's public, internal and admin endpoints, as given to {@link #start(URI)}. */
  public URI magnumEndpoint() {
    return magnumEndpoint;
  }

  public String region() {
    return REGION;
  }

  public String userName() {
    return USER_NAME;
  }

  public String userId() {
    return userId;
  }

  /** The name of the user's domain ({@value #DOMAIN}). */
  public String userDomainName() {
    return DOMAIN;
  }

  public String projectName() {
    return PROJECT_NAME;
  }

  public String projectId() {
    return projectId;
  }

  /** The name of the project's domain ({@value #DOMAIN}). */
  public String projectDomainName() {
    return DOMAIN;
  }

  /** The user's password (random per instance). */
  public String password() {
    return password;
  }

  public String applicationCredentialId() {
    return applicationCredentialId;
  }

  public String applicationCredentialSecret() {
    return applicationCredentialSecret;
  }

  /** A clouds.yaml with one cloud {@code cloudName} that authenticates with the user's password. */
  public String cloudsYamlWithPassword(String cloudName) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("auth_url", authUrl().toString());
    auth.put("username", USER_NAME);
    auth.put("password", password);
    auth.put("user_domain_name", DOMAIN);
    auth.put("project_name", PROJECT_NAME);
    auth.put("project_domain_name", DOMAIN);
    return cloudsYaml(cloudName, "password", auth);
  }

  /** A clouds.yaml with one cloud {@code cloudName} that authenticates with the application credential. */
  public String cloudsYamlWithApplicationCredential(String cloudName) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("auth_url", authUrl().toString());
    auth.put("application_credential_id", applicationCredentialId);
    auth.put("application_credential_secret", applicationCredentialSecret);
    return cloudsYaml(cloudName, "v3applicationcredential", auth);
  }

  private String cloudsYaml(String cloudName, String authType, Map<String, Object> auth) {
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("auth_type", authType);
    cloud.put("auth", auth);
    cloud.put("region_name", REGION);
    cloud.put("interface", "public");
    cloud.put("identity_api_version", 3);
    try {
      return YAMLMapper.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .build()
          .writeValueAsString(Map.of("clouds", Map.of(cloudName, cloud)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops Keystone and removes its directory. */
  @Override
  public void close() throws IOException {
    server.close();
  }

  @Override
  public String toString() {
    return "RealKeystone[" + authUrl() + "]";
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
