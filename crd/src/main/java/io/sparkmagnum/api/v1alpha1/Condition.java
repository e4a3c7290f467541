package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A condition in the shape of metav1.Condition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Condition {
  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  @Required
  @JsonPropertyDescription("Type of the condition: Ready, BayReady, MasterReady or WorkersReady.")
  private String type;

  @Required
  @JsonPropertyDescription("True, False or Unknown.")
  private String status;

  @JsonPropertyDescription("The metadata.generation of the SparkCluster this condition was computed from.")
  private Long observedGeneration;

  @Required
  @JsonPropertyDescription("When the status of this condition last changed (RFC 3339).")
  private String lastTransitionTime;

  @Required
  @JsonPropertyDescription("A CamelCase word that says why the condition has its status; see the README's troubleshooting table.")
  private String reason;

  @Required
  @JsonPropertyDescription("A human-readable explanation and what to do next.")
  private String message;

  public Condition() {}

  public Condition(String type, String status, String reason, String message) {
    this.type = type;
    this.status = status;
    this.reason = reason;
    this.message = message;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Condition that
        && Objects.equals(type, that.type)
        && Objects.equals(status, that.status)
        && Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(lastTransitionTime, that.lastTransitionTime)
        && Objects.equals(reason, that.reason)
        && Objects.equals(message, that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, status, observedGeneration, lastTransitionTime, reason, message);
  }

  @Override
  public String toString() {
    return type + "=" + status + " (" + reason + "): " + message;
  }
}
