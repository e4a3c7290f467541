package io.sparkmagnum.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A Keystone application credential to seed: it belongs to a user and is bound to one project and
 * a subset of the user's roles there.
 */
public record ApplicationCredentialSeed(
    String id, String name, String secret, String userId, String projectId, List<String> roles) {
  public ApplicationCredentialSeed {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(projectId, "projectId");
    roles = List.copyOf(roles);
  }

  /** A credential carrying the roles "member" and "reader". */
  public static ApplicationCredentialSeed of(String id, String name, String secret, String userId, String projectId) {
    return new ApplicationCredentialSeed(id, name, secret, userId, projectId, List.of("member", "reader"));
  }

  @Override
  public String toString() {
    return "ApplicationCredentialSeed[id=" + id + ", name=" + name + ", userId=" + userId + "]";
  }
}
