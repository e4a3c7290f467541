package io.sparkmagnum.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A Keystone user to seed with a password and the same roles on each listed project. A role
 * named "admin" lets the user see the clusters of every project, as in Magnum.
 */
public record UserSeed(
    String id, String name, String domainId, String password, List<String> projectIds, List<String> roles) {
  public UserSeed {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domainId, "domainId");
    Objects.requireNonNull(password, "password");
    projectIds = List.copyOf(projectIds);
    roles = List.copyOf(roles);
  }

  /** A user with the roles "member" and "reader" on the given projects. */
  public static UserSeed member(String id, String name, String domainId, String password, String... projectIds) {
    return new UserSeed(id, name, domainId, password, List.of(projectIds), List.of("member", "reader"));
  }

  @Override
  public String toString() {
    return "UserSeed[id=" + id + ", name=" + name + ", domainId=" + domainId + "]";
  }
}
