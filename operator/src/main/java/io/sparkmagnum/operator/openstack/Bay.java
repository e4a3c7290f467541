package io.sparkmagnum.operator.openstack;

/**
 * A Magnum bay (cluster) as Magnum's full GET answer describes it.
 *
 * @param apiAddress the bay's Kubernetes API URL, null until Magnum knows it
 * @param statusReason Magnum's free-text reason (Heat's reason on a failure), may be null
 */
public record Bay(
    String uuid,
    String name,
    String status,
    String statusReason,
    String apiAddress,
    int nodeCount,
    int masterCount,
    String templateId) {

  public boolean inProgress() {
    return status != null && status.endsWith("_IN_PROGRESS");
  }

  public boolean complete() {
    return status != null && status.endsWith("_COMPLETE");
  }

  public boolean failed() {
    return status != null && status.endsWith("_FAILED");
  }
}
