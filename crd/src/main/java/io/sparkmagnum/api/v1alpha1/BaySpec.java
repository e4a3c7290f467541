package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Objects;

/** The Magnum bay: adopted by name, or created from a bay model (cluster template). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.name) || has(self.template)",
    message = "bay.template is required unless bay.name names an existing bay to adopt")
@ValidationRule(
    value = "has(oldSelf.name) == has(self.name) && (!has(self.name) || self.name == oldSelf.name)",
    message = "bay.name is immutable: create a new SparkCluster to use another bay")
@ValidationRule(
    value = "!has(oldSelf.template) || (has(self.template) && self.template == oldSelf.template)",
    message = "bay.template is immutable once set")
public class BaySpec {
  public static final String NAME_PATTERN = "^[a-zA-Z][a-zA-Z0-9_.-]*$";
  public static final int NAME_MAX_LENGTH = 242;

  @Size(min = 1, max = NAME_MAX_LENGTH)
  @Pattern(NAME_PATTERN)
  @JsonPropertyDescription("Name of the bay. When a bay of this name exists it is adopted and never deleted by the operator; "
      + "otherwise it is created from the template. Unset: spark-<namespace>-<name>-<first 8 characters of the uid>. Immutable.")
  private String name;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Bay model (Magnum cluster template), by name or UUID, to create the bay from. Required to create a bay. Immutable once set.")
  private String template;

  @Min(1)
  @Default("1")
  @JsonPropertyDescription("Number of Kubernetes worker nodes in the bay. Changing it resizes the bay.")
  private Integer nodeCount = 1;

  @Min(1)
  @Default("1")
  @ValidationRule(value = "self == oldSelf", message = "bay.masterCount is immutable")
  @JsonPropertyDescription("Number of Kubernetes master nodes in the bay. Immutable.")
  private Integer masterCount = 1;

  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Nova keypair for SSH access to the bay's nodes; the template's keypair when unset.")
  private String keypair;

  @Min(1)
  @Default("60")
  @JsonPropertyDescription("Minutes Magnum may take to create the bay before it fails the creation.")
  private Integer createTimeoutMinutes = 60;

  @Default("Delete")
  @JsonPropertyDescription("Delete (default): a bay this SparkCluster created is deleted with it. Retain: it is kept. "
      + "An adopted bay is never deleted.")
  private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getTemplate() {
    return template;
  }

  public void setTemplate(String template) {
    this.template = template;
  }

  public Integer getNodeCount() {
    return nodeCount;
  }

  public void setNodeCount(Integer nodeCount) {
    this.nodeCount = nodeCount == null ? 1 : nodeCount;
  }

  public Integer getMasterCount() {
    return masterCount;
  }

  public void setMasterCount(Integer masterCount) {
    this.masterCount = masterCount == null ? 1 : masterCount;
  }

  public String getKeypair() {
    return keypair;
  }

  public void setKeypair(String keypair) {
    this.keypair = keypair;
  }

  public Integer getCreateTimeoutMinutes() {
    return createTimeoutMinutes;
  }

  public void setCreateTimeoutMinutes(Integer createTimeoutMinutes) {
    this.createTimeoutMinutes = createTimeoutMinutes == null ? 60 : createTimeoutMinutes;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaySpec that
        && Objects.equals(name, that.name)
        && Objects.equals(template, that.template)
        && nodeCount.equals(that.nodeCount)
        && masterCount.equals(that.masterCount)
        && Objects.equals(keypair, that.keypair)
        && createTimeoutMinutes.equals(that.createTimeoutMinutes)
        && deletionPolicy == that.deletionPolicy;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, template, nodeCount, masterCount, keypair, createTimeoutMinutes, deletionPolicy);
  }
}
