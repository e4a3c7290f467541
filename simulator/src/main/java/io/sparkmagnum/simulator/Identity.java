package io.sparkmagnum.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Keystone's state: domains, projects, users, application credentials and issued tokens. */
final class Identity {
  private static final SecureRandom RANDOM = new SecureRandom();

  record Domain(String id, String name) {}

  /** An issued token; projectId is null for an unscoped token. */
  record Token(
      String id,
      String userId,
      String projectId,
      List<String> roles,
      String applicationCredentialId,
      List<String> methods,
      Instant issuedAt,
      Instant expiresAt,
      String auditId) {

    boolean scoped() {
      return projectId != null;
    }

    boolean admin() {
      return roles.contains("admin");
    }

    @Override
    public String toString() {
      return "Token[userId=" + userId + ", projectId=" + projectId + ", expiresAt=" + expiresAt + "]";
    }
  }

  private final Map<String, Domain> domains;
  private final Map<String, ProjectSeed> projects;
  private final Map<String, UserSeed> users;
  private final Map<String, ApplicationCredentialSeed> applicationCredentials;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Duration tokenLifetime;

  Identity(
      List<Domain> domains,
      List<ProjectSeed> projects,
      List<UserSeed> users,
      List<ApplicationCredentialSeed> applicationCredentials,
      Clock clock,
      Duration tokenLifetime) {
    this.domains = byId(domains, Domain::id);
    this.projects = byId(projects, ProjectSeed::id);
    this.users = byId(users, UserSeed::id);
    this.applicationCredentials = byId(applicationCredentials, ApplicationCredentialSeed::id);
    this.clock = clock;
    this.tokenLifetime = tokenLifetime;
    validateReferences();
  }

  private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
    return items.stream()
        .collect(
            Collectors.toMap(
                id,
                Function.identity(),
                (a, b) -> {
                  throw new IllegalArgumentException("two seeds share the id of " + a);
                },
                java.util.LinkedHashMap::new));
  }

  private void validateReferences() {
    projects.values().forEach(project -> requireDomain(project.domainId(), project));
    users.values()
        .forEach(
            user -> {
              requireDomain(user.domainId(), user);
              user.projectIds().forEach(projectId -> requireProject(projectId, user));
            });
    applicationCredentials
        .values()
        .forEach(
            credential -> {
              UserSeed user = users.get(credential.userId());
              if (user == null) {
                throw new IllegalArgumentException("unknown user " + credential.userId() + " in " + credential);
              }
              if (!user.projectIds().contains(credential.projectId())) {
                throw new IllegalArgumentException(
                    "user " + user.id() + " has no role on project " + credential.projectId() + " of " + credential);
              }
            });
  }

  private void requireDomain(String domainId, Object owner) {
    if (!domains.containsKey(domainId)) {
      throw new IllegalArgumentException("unknown domain " + domainId + " in " + owner);
    }
  }

  private void requireProject(String projectId, Object owner) {
    if (!projects.containsKey(projectId)) {
      throw new IllegalArgumentException("unknown project " + projectId + " in " + owner);
    }
  }

  Optional<Domain> domainById(String id) {
    return Optional.ofNullable(domains.get(id));
  }

  Optional<Domain> domainByName(String name) {
    return domains.values().stream().filter(domain -> domain.name().equals(name)).findFirst();
  }

  Optional<ProjectSeed> projectById(String id) {
    return Optional.ofNullable(projects.get(id));
  }

  Optional<ProjectSeed> projectByName(String name, String domainId) {
    return projects.values().stream()
        .filter(project -> project.name().equals(name) && project.domainId().equals(domainId))
        .findFirst();
  }

  /** The first seeded project: the default owner of seeded templates and clusters. */
  Optional<ProjectSeed> firstProject() {
    return projects.values().stream().findFirst();
  }

  Optional<UserSeed> userById(String id) {
    return Optional.ofNullable(users.get(id));
  }

  Optional<UserSeed> userByName(String name, String domainId) {
    return users.values().stream()
        .filter(user -> user.name().equals(name) && user.domainId().equals(domainId))
        .findFirst();
  }

  Optional<ApplicationCredentialSeed> applicationCredentialById(String id) {
    return Optional.ofNullable(applicationCredentials.get(id));
  }

  Optional<ApplicationCredentialSeed> applicationCredentialByName(String name, String userId) {
    return applicationCredentials.values().stream()
        .filter(credential -> credential.name().equals(name) && credential.userId().equals(userId))
        .findFirst();
  }

  Token issue(
      UserSeed user, ProjectSeed project, List<String> roles, ApplicationCredentialSeed credential, List<String> methods) {
    Instant issuedAt = clock.instant();
    Token token =
        new Token(
            "gAAAAA" + randomUrlSafe(135),
            user.id(),
            project == null ? null : project.id(),
            List.copyOf(roles),
            credential == null ? null : credential.id(),
            List.copyOf(methods),
            issuedAt,
            issuedAt.plus(tokenLifetime),
            randomUrlSafe(16));
    tokens.put(token.id(), token);
    return token;
  }

  /** The token if it was issued, is not revoked and has not expired by the simulator's clock. */
  Optional<Token> validToken(String tokenId) {
    if (tokenId == null) {
      return Optional.empty();
    }
    Token token = tokens.get(tokenId);
    if (token == null || !clock.instant().isBefore(token.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(token);
  }

  void revoke(String tokenId) {
    tokens.remove(tokenId);
  }

  void revokeAll() {
    tokens.clear();
  }

  private static String randomUrlSafe(int bytes) {
    byte[] buffer = new byte[bytes];
    RANDOM.nextBytes(buffer);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
  }
}
