package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.Objects;

/** An optional long-running client pod inside the bay. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DriverSpec {
  @Default("false")
  @JsonPropertyDescription("Run a driver pod <name>-driver in the bay, configured to reach the master, to `kubectl exec` into and run pyspark or spark-shell.")
  private Boolean enabled = false;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled != null && enabled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DriverSpec that && enabled.equals(that.enabled);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(enabled);
  }
}
