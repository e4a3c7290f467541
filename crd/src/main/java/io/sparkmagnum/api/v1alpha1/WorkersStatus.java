package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** How many workers were asked for and how many are there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkersStatus {
  @JsonPropertyDescription("Workers asked for in spec.workers.replicas.")
  private Integer desired;

  @JsonPropertyDescription("Worker pods that are ready.")
  private Integer ready;

  @JsonPropertyDescription("Workers registered ALIVE with the Spark master, read from the master's /json/ endpoint; absent when the master could not be asked.")
  private Integer registered;

  public Integer getDesired() {
    return desired;
  }

  public void setDesired(Integer desired) {
    this.desired = desired;
  }

  public Integer getReady() {
    return ready;
  }

  public void setReady(Integer ready) {
    this.ready = ready;
  }

  public Integer getRegistered() {
    return registered;
  }

  public void setRegistered(Integer registered) {
    this.registered = registered;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkersStatus that
        && Objects.equals(desired, that.desired)
        && Objects.equals(ready, that.ready)
        && Objects.equals(registered, that.registered);
  }

  @Override
  public int hashCode() {
    return Objects.hash(desired, ready, registered);
  }
}
