package io.sparkmagnum.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** A Magnum cluster template (bay model) to seed. Build with {@link #builder(String)}. */
public record ClusterTemplateSeed(
    String uuid,
    String name,
    String coe,
    boolean tlsDisabled,
    Map<String, String> labels,
    String keypairId,
    String imageId,
    String flavorId,
    String masterFlavorId,
    String externalNetworkId,
    String networkDriver,
    String volumeDriver,
    String clusterDistro,
    boolean masterLbEnabled,
    boolean floatingIpEnabled,
    boolean isPublic,
    String projectId) {

  public ClusterTemplateSeed {
    Objects.requireNonNull(uuid, "uuid");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(coe, "coe");
    labels = Map.copyOf(labels);
  }

  /** A public Kubernetes template with TLS, Fedora CoreOS and flannel, as a typical cloud has. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builder with the defaults of a typical Kubernetes template. */
  public static final class Builder {
    private String uuid = UUID.randomUUID().toString();
    private final String name;
    private String coe = "kubernetes";
    private boolean tlsDisabled;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String keypairId = "default";
    private String imageId = "fedora-coreos-38";
    private String flavorId = "m1.medium";
    private String masterFlavorId = "m1.medium";
    private String externalNetworkId = "public";
    private String networkDriver = "flannel";
    private String volumeDriver = "cinder";
    private String clusterDistro = "fedora-coreos";
    private boolean masterLbEnabled;
    private boolean floatingIpEnabled = true;
    private boolean isPublic = true;
    private String projectId;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
      labels.put("kube_tag", "v1.27.8");
    }

    public Builder uuid(String uuid) {
      this.uuid = uuid;
      return this;
    }

    public Builder coe(String coe) {
      this.coe = coe;
      return this;
    }

    public Builder tlsDisabled(boolean tlsDisabled) {
      this.tlsDisabled = tlsDisabled;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder labels(Map<String, String> replacement) {
      labels.clear();
      labels.putAll(replacement);
      return this;
    }

    public Builder keypairId(String keypairId) {
      this.keypairId = keypairId;
      return this;
    }

    public Builder imageId(String imageId) {
      this.imageId = imageId;
      return this;
    }

    public Builder flavorId(String flavorId) {
      this.flavorId = flavorId;
      return this;
    }

    public Builder masterFlavorId(String masterFlavorId) {
      this.masterFlavorId = masterFlavorId;
      return this;
    }

    public Builder externalNetworkId(String externalNetworkId) {
      this.externalNetworkId = externalNetworkId;
      return this;
    }

    public Builder networkDriver(String networkDriver) {
      this.networkDriver = networkDriver;
      return this;
    }

    public Builder volumeDriver(String volumeDriver) {
      this.volumeDriver = volumeDriver;
      return this;
    }

    public Builder clusterDistro(String clusterDistro) {
      this.clusterDistro = clusterDistro;
      return this;
    }

    public Builder masterLbEnabled(boolean masterLbEnabled) {
      this.masterLbEnabled = masterLbEnabled;
      return this;
    }

    public Builder floatingIpEnabled(boolean floatingIpEnabled) {
      this.floatingIpEnabled = floatingIpEnabled;
      return this;
    }

    /** A public template is visible to every project; a private one only to its own project. */
    public Builder isPublic(boolean isPublic) {
      this.isPublic = isPublic;
      return this;
    }

    /** Owning project; defaults to the first seeded project. */
    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    public ClusterTemplateSeed build() {
      return new ClusterTemplateSeed(
          uuid,
          name,
          coe,
          tlsDisabled,
          labels,
          keypairId,
          imageId,
          flavorId,
          masterFlavorId,
          externalNetworkId,
          networkDriver,
          volumeDriver,
          clusterDistro,
          masterLbEnabled,
          floatingIpEnabled,
          isPublic,
          projectId);
    }
  }
}
