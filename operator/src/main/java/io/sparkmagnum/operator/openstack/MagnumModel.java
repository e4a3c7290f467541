package io.sparkmagnum.operator.openstack;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.openstack4j.model.ModelEntity;

/**
 * Magnum v1 bodies, as the API sends them: OpenStack4j's MagnumCluster has no status_reason and
 * no api_address, and its certificate request says {@code bay_uuid}, which Magnum 17+ rejects.
 */
final class MagnumModel {

  private MagnumModel() {}

  /** GET /v1/clusters/{id}: the full cluster. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Cluster(
      @JsonProperty("uuid") String uuid,
      @JsonProperty("name") String name,
      @JsonProperty("status") String status,
      @JsonProperty("status_reason") String statusReason,
      @JsonProperty("api_address") String apiAddress,
      @JsonProperty("node_count") Integer nodeCount,
      @JsonProperty("master_count") Integer masterCount,
      @JsonProperty("cluster_template_id") String templateId) {

    Bay toBay() {
      return new Bay(uuid, name, status, statusReason, apiAddress,
          nodeCount == null ? 0 : nodeCount, masterCount == null ? 0 : masterCount, templateId);
    }
  }

  /** GET /v1/clusters: one page of short entries and the link to the next page, if any. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClusterPage(@JsonProperty("clusters") List<ClusterSummary> clusters, @JsonProperty("next") String next) {
    List<ClusterSummary> entries() {
      return clusters == null ? List.of() : clusters;
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClusterSummary(@JsonProperty("uuid") String uuid, @JsonProperty("name") String name) {}

  /** POST /v1/clusters. */
  record ClusterCreate(
      @JsonProperty("name") String name,
      @JsonProperty("cluster_template_id") String templateId,
      @JsonProperty("node_count") int nodeCount,
      @JsonProperty("master_count") int masterCount,
      @JsonProperty("keypair") String keypair,
      @JsonProperty("create_timeout") int createTimeoutMinutes)
      implements ModelEntity {}

  /** One RFC 6902 operation of PATCH /v1/clusters/{id}. */
  record PatchOperation(@JsonProperty("op") String op, @JsonProperty("path") String path, @JsonProperty("value") Object value) {}

  /** The 202 answer to create and update. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClusterId(@JsonProperty("uuid") String uuid) {}

  /** GET /v1/clustertemplates/{id}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ClusterTemplate(
      @JsonProperty("uuid") String uuid,
      @JsonProperty("name") String name,
      @JsonProperty("coe") String coe,
      @JsonProperty("tls_disabled") boolean tlsDisabled) {}

  /** GET /v1/certificates/{cluster} and the answer to POST /v1/certificates. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Certificate(@JsonProperty("cluster_uuid") String clusterUuid, @JsonProperty("pem") String pem) {}

  /** POST /v1/certificates: a CSR for the cluster, named by cluster_uuid. */
  record CertificateSigningRequest(@JsonProperty("cluster_uuid") String clusterUuid, @JsonProperty("csr") String csr)
      implements ModelEntity {}
}
