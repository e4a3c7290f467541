package io.sparkmagnum.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the simulator holds about one cluster at one moment, for assertions and for computing an
 * api_address.
 *
 * @param seeded true when the cluster was seeded rather than created through POST /v1/clusters
 * @param deleted true once its deletion finished (Magnum then answers 404)
 */
public record ClusterSnapshot(
    String uuid,
    String name,
    String status,
    String statusReason,
    String apiAddress,
    int nodeCount,
    int masterCount,
    String clusterTemplateId,
    String keypair,
    Map<String, String> labels,
    List<String> masterAddresses,
    String projectId,
    Instant createdAt,
    Instant updatedAt,
    boolean seeded,
    boolean deleted) {

  public ClusterSnapshot {
    labels = Map.copyOf(labels);
    masterAddresses = List.copyOf(masterAddresses);
  }
}
