package io.sparkmagnum.simulator;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A cluster that exists before the test starts, e.g. a bay to adopt or two clusters sharing one
 * name. Build with {@link #builder(String, String)}. A seed in an *_IN_PROGRESS status finishes
 * its operation after the configured duration, counted from the simulator's start.
 *
 * @param template the template's name or uuid
 * @param apiAddress null: computed like for a created cluster once it is complete
 * @param labels null: the template's labels
 * @param projectId null: the first seeded project
 */
public record ClusterSeed(
    String uuid,
    String name,
    String template,
    int nodeCount,
    int masterCount,
    String status,
    String statusReason,
    String keypair,
    Map<String, String> labels,
    String apiAddress,
    String projectId) {

  public ClusterSeed {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(status, "status");
    labels = labels == null ? null : Map.copyOf(labels);
  }

  public static Builder builder(String name, String template) {
    return new Builder(name, template);
  }

  /** Builder of a complete one-master, one-node cluster. */
  public static final class Builder {
    private String uuid = UUID.randomUUID().toString();
    private final String name;
    private final String template;
    private int nodeCount = 1;
    private int masterCount = 1;
    private String status = "CREATE_COMPLETE";
    private String statusReason;
    private String keypair;
    private Map<String, String> labels;
    private String apiAddress;
    private String projectId;

    private Builder(String name, String template) {
      this.name = Objects.requireNonNull(name, "name");
      this.template = Objects.requireNonNull(template, "template");
    }

    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    public Builder nodeCount(int nodeCount) {
      this.nodeCount = nodeCount;
      return this;
    }

    public Builder masterCount(int masterCount) {
      this.masterCount = masterCount;
      return this;
    }

    /** Any Magnum status, e.g. CREATE_FAILED or UPDATE_IN_PROGRESS. */
    public Builder status(String status) {
      this.status = status;
      return this;
    }

    /** Null: the reason Heat gives for the status. */
    public Builder statusReason(String statusReason) {
      this.statusReason = statusReason;
      return this;
    }

    public Builder keypair(String keypair) {
      this.keypair = keypair;
      return this;
    }

    public Builder labels(Map<String, String> labels) {
      this.labels = labels;
      return this;
    }

    public Builder apiAddress(String apiAddress) {
      this.apiAddress = apiAddress;
      return this;
    }

    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    public ClusterSeed build() {
      return new ClusterSeed(
          uuid, name, template, nodeCount, masterCount, status, statusReason, keypair, labels, apiAddress, projectId);
    }
  }
}
