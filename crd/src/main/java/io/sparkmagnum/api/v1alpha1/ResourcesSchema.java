package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;
import java.util.Map;

/**
 * The CRD schema of a core/v1 ResourceRequirements field (used through {@code @SchemaFrom}), so that
 * `kubectl explain` describes every property; the Java type stays fabric8's ResourceRequirements.
 */
public final class ResourcesSchema {
  @JsonPropertyDescription("Maximum resources, e.g. cpu: \"2\", memory: 4Gi.")
  public Map<String, IntOrString> limits;

  @JsonPropertyDescription("Minimum resources the scheduler reserves, e.g. cpu: 500m, memory: 2Gi.")
  public Map<String, IntOrString> requests;

  @JsonPropertyDescription("Dynamic resource claims of the pod this container uses (core/v1 ResourceClaim).")
  public List<Claim> claims;

  private ResourcesSchema() {}

  public static final class Claim {
    @JsonPropertyDescription("Name of an entry of the pod's spec.resourceClaims.")
    public String name;

    @JsonPropertyDescription("Name of the request within that claim.")
    public String request;

    private Claim() {}
  }
}
