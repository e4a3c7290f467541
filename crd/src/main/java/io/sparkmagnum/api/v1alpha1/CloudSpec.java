package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** The Secret holding the OpenStack credentials, in the SparkCluster's own namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CloudSpec {
  public static final String DEFAULT_CLOUD_NAME = "openstack";
  public static final String CLOUDS_YAML_KEY = "clouds.yaml";
  public static final String CACERT_KEY = "cacert";

  @Required
  @Size(min = 1, max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
  @JsonPropertyDescription("Name of a Secret in the SparkCluster's namespace with the key `clouds.yaml` and the optional key `cacert` (a PEM CA bundle for a private OpenStack CA).")
  private String secretName;

  @Default(DEFAULT_CLOUD_NAME)
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("The entry of `clouds:` in clouds.yaml to use.")
  private String cloudName = DEFAULT_CLOUD_NAME;

  public String getSecretName() {
    return secretName;
  }

  public void setSecretName(String secretName) {
    this.secretName = secretName;
  }

  public String getCloudName() {
    return cloudName;
  }

  public void setCloudName(String cloudName) {
    this.cloudName = cloudName == null ? DEFAULT_CLOUD_NAME : cloudName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudSpec that
        && Objects.equals(secretName, that.secretName)
        && cloudName.equals(that.cloudName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(secretName, cloudName);
  }
}
