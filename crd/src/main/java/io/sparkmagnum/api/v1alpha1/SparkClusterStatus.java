package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What the operator observed, written back by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SparkClusterStatus {
  @JsonPropertyDescription("The metadata.generation of the spec this status was computed from.")
  private Long observedGeneration;

  @JsonPropertyDescription("Pending, Provisioning, Deploying, Running, Degraded, Failed or Deleting.")
  private Phase phase;

  @JsonPropertyDescription("The bay as Magnum last reported it.")
  private BayStatus bay;

  @JsonPropertyDescription("Where the Spark master can be reached.")
  private MasterStatus master;

  @JsonPropertyDescription("Desired, ready and registered workers.")
  private WorkersStatus workers;

  @JsonPropertyDescription("Ready, BayReady, MasterReady and WorkersReady, in the shape of metav1.Condition.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public BayStatus getBay() {
    return bay;
  }

  public void setBay(BayStatus bay) {
    this.bay = bay;
  }

  public MasterStatus getMaster() {
    return master;
  }

  public void setMaster(MasterStatus master) {
    this.master = master;
  }

  public WorkersStatus getWorkers() {
    return workers;
  }

  public void setWorkers(WorkersStatus workers) {
    this.workers = workers;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
  }

  /** The condition of this type, if the operator has written one. */
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SparkClusterStatus that
        && Objects.equals(observedGeneration, that.observedGeneration)
        && phase == that.phase
        && Objects.equals(bay, that.bay)
        && Objects.equals(master, that.master)
        && Objects.equals(workers, that.workers)
        && conditions.equals(that.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, bay, master, workers, conditions);
  }
}
