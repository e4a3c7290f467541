package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.Objects;

/** The Spark standalone master pod and its Service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MasterSpec {
  @Default("ClusterIP")
  @JsonPropertyDescription("Type of the master Service inside the bay: ClusterIP (default), NodePort, or LoadBalancer to reach the master from outside OpenStack.")
  private ServiceType serviceType = ServiceType.ClusterIP;

  @JsonPropertyDescription("CPU and memory requests and limits of the master container (core/v1 ResourceRequirements).")
  @SchemaFrom(type = ResourcesSchema.class)
  private ResourceRequirements resources;

  public ServiceType getServiceType() {
    return serviceType;
  }

  public void setServiceType(ServiceType serviceType) {
    this.serviceType = serviceType == null ? ServiceType.ClusterIP : serviceType;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MasterSpec that && serviceType == that.serviceType && Objects.equals(resources, that.resources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(serviceType, resources);
  }
}
