package io.sparkmagnum.operator.spark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a Spark standalone master reports about itself at {@code /json/} on its web UI port.
 *
 * @param url the master's own URL (with the pod's address, not the Service's)
 * @param status ALIVE, STANDBY, RECOVERING, COMPLETING_RECOVERY
 * @param aliveWorkers workers registered and heartbeating; {@link #workers} also lists dead ones for a while
 * @param cores cores of the alive workers
 * @param memoryMb memory of the alive workers, in MiB
 * @param activeApplications applications running now
 */
public record MasterState(
    String url,
    String status,
    int aliveWorkers,
    int cores,
    int coresUsed,
    long memoryMb,
    long memoryUsedMb,
    List<Worker> workers,
    int activeApplications) {

  public static final String ALIVE = "ALIVE";

  private static final ObjectMapper JSON = new ObjectMapper();

  public MasterState {
    workers = List.copyOf(workers);
  }

  /**
   * One worker as the master sees it.
   *
   * @param state ALIVE, DEAD, DECOMMISSIONED, UNKNOWN
   */
  public record Worker(String id, String host, int port, String state, int cores, long memoryMb) {
    public boolean alive() {
      return ALIVE.equals(state);
    }
  }

  /** Whether the master is the active one and accepts workers and applications. */
  public boolean alive() {
    return ALIVE.equals(status);
  }

  /**
   * Parses the body of {@code GET /json/}.
   *
   * @throws IllegalArgumentException when the body is no master state
   */
  public static MasterState parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the master's /json/ answer is no JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the master's /json/ answer is no JSON object");
    }
    List<Worker> workers = new ArrayList<>();
    for (JsonNode worker : root.path("workers")) {
      workers.add(new Worker(
          required(worker, "id").asText(),
          required(worker, "host").asText(),
          required(worker, "port").asInt(),
          required(worker, "state").asText(),
          required(worker, "cores").asInt(),
          required(worker, "memory").asLong()));
    }
    return new MasterState(
        required(root, "url").asText(),
        required(root, "status").asText(),
        required(root, "aliveworkers").asInt(),
        required(root, "cores").asInt(),
        required(root, "coresused").asInt(),
        required(root, "memory").asLong(),
        required(root, "memoryused").asLong(),
        workers,
        root.path("activeapps").size());
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("the master's /json/ answer has no \"" + field + "\"");
    }
    return value;
  }
}
