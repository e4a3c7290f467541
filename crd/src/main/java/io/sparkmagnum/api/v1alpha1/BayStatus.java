package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** What the operator last saw of the bay in Magnum. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BayStatus {
  @JsonPropertyDescription("Name of the bay.")
  private String name;

  @JsonPropertyDescription("UUID of the bay, recorded right after it was created or found.")
  private String uuid;

  @JsonPropertyDescription("Magnum's status of the bay, e.g. CREATE_IN_PROGRESS, CREATE_COMPLETE, UPDATE_COMPLETE, CREATE_FAILED.")
  private String status;

  @JsonPropertyDescription("Magnum's status_reason: why the bay has its status (Heat's reason on a failure).")
  private String statusReason;

  @JsonPropertyDescription("URL of the bay's Kubernetes API server (Magnum's api_address).")
  private String apiAddress;

  @JsonPropertyDescription("Number of worker nodes Magnum reports for the bay.")
  private Integer nodeCount;

  @JsonPropertyDescription("True when this SparkCluster created the bay (and may delete it); false when it adopted an existing bay.")
  private Boolean owned;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getUuid() {
    return uuid;
  }

  public void setUuid(String uuid) {
    this.uuid = uuid;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getStatusReason() {
    return statusReason;
  }

  public void setStatusReason(String statusReason) {
    this.statusReason = statusReason;
  }

  public String getApiAddress() {
    return apiAddress;
  }

  public void setApiAddress(String apiAddress) {
    this.apiAddress = apiAddress;
  }

  public Integer getNodeCount() {
    return nodeCount;
  }

  public void setNodeCount(Integer nodeCount) {
    this.nodeCount = nodeCount;
  }

  public Boolean getOwned() {
    return owned;
  }

  public void setOwned(Boolean owned) {
    this.owned = owned;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BayStatus that
        && Objects.equals(name, that.name)
        && Objects.equals(uuid, that.uuid)
        && Objects.equals(status, that.status)
        && Objects.equals(statusReason, that.statusReason)
        && Objects.equals(apiAddress, that.apiAddress)
        && Objects.equals(nodeCount, that.nodeCount)
        && Objects.equals(owned, that.owned);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, uuid, status, statusReason, apiAddress, nodeCount, owned);
  }
}
