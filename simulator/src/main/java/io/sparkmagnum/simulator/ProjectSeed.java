package io.sparkmagnum.simulator;

import java.util.Objects;

/** A Keystone project to seed, in a domain given by id (e.g. "default"). */
public record ProjectSeed(String id, String name, String domainId) {
  public ProjectSeed {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(domainId, "domainId");
  }
}
