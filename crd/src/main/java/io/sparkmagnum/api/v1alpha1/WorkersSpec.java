package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Objects;

/** The Spark standalone workers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkersSpec {
  /** Spark's size syntax: a whole number with an optional binary unit (k, m, g, t, p, optionally followed by b). */
  public static final String MEMORY_PATTERN = "^[1-9][0-9]*([kKmMgGtTpP][bB]?|[bB])?$";

  @Min(0)
  @Default("2")
  @JsonPropertyDescription("Number of Spark worker pods.")
  private Integer replicas = 2;

  @Min(1)
  @Default("1")
  @JsonPropertyDescription("Cores each worker offers to applications (SPARK_WORKER_CORES).")
  private Integer cores = 1;

  @Default("1g")
  @Pattern(MEMORY_PATTERN)
  @JsonPropertyDescription("Memory each worker offers to applications (SPARK_WORKER_MEMORY), in Spark's size syntax, e.g. 512m or 2g.")
  private String memory = "1g";

  @JsonPropertyDescription("CPU and memory requests and limits of each worker container (core/v1 ResourceRequirements).")
  @SchemaFrom(type = ResourcesSchema.class)
  private ResourceRequirements resources;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas == null ? 2 : replicas;
  }

  public Integer getCores() {
    return cores;
  }

  public void setCores(Integer cores) {
    this.cores = cores == null ? 1 : cores;
  }

  public String getMemory() {
    return memory;
  }

  public void setMemory(String memory) {
    this.memory = memory == null ? "1g" : memory;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkersSpec that
        && replicas.equals(that.replicas)
        && cores.equals(that.cores)
        && memory.equals(that.memory)
        && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(replicas, cores, memory, resources);
  }
}
