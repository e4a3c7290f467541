package io.sparkmagnum.operator.openstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.internal.BaseOpenStackService;

/**
 * Magnum's /v1 API on OpenStack4j's request builder, for what its MagnumService gets wrong or
 * lacks: every request carries {@code OpenStack-API-Version: container-infra <microversion>}, GET
 * of one cluster works, the list takes a marker, certificates are signed with cluster_uuid. Each
 * method returns the raw answer, whatever its status: the caller interprets it. Runs in the
 * OpenStack4j session of the calling thread (see {@link org.openstack4j.openstack.OSFactory#clientFromToken}).
 */
final class MagnumV1Service extends BaseOpenStackService {

  static final String USER_AGENT = "spark-magnum-operator";
  static final String API_VERSION_HEADER = "OpenStack-API-Version";
  static final String SERVICE_NAME = "container-infra";

  private final String apiVersion;

  MagnumV1Service(String microversion) {
    super(ServiceType.MAGNUM);
    this.apiVersion = SERVICE_NAME + " " + microversion;
  }

  HttpResponse getCluster(String uuidOrName) {
    return send(get(Void.class, "/v1/clusters/", segment(uuidOrName)));
  }

  /** One page of the cluster list; {@code marker} null for the first. */
  HttpResponse listClusters(String marker) {
    return send(get(Void.class, "/v1/clusters").param("marker", marker));
  }

  HttpResponse createCluster(MagnumModel.ClusterCreate cluster) {
    return send(post(Void.class, "/v1/clusters").entity(cluster));
  }

  HttpResponse patchCluster(String uuid, List<MagnumModel.PatchOperation> patch) {
    try {
      return send(patch(Void.class, "/v1/clusters/", segment(uuid)).json(Reply.JSON.writeValueAsString(patch)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write a JSON patch", e);
    }
  }

  HttpResponse deleteCluster(String uuid) {
    return send(delete(Void.class, "/v1/clusters/", segment(uuid)));
  }

  HttpResponse getClusterTemplate(String uuidOrName) {
    return send(get(Void.class, "/v1/clustertemplates/", segment(uuidOrName)));
  }

  HttpResponse getCertificate(String clusterUuid) {
    return send(get(Void.class, "/v1/certificates/", segment(clusterUuid)));
  }

  HttpResponse signCertificate(MagnumModel.CertificateSigningRequest request) {
    return send(post(Void.class, "/v1/certificates").entity(request));
  }

  private HttpResponse send(Invocation<Void> invocation) {
    return invocation
        .header(API_VERSION_HEADER, apiVersion)
        .header(ClientConstants.HEADER_USER_AGENT, USER_AGENT)
        .header(ClientConstants.HEADER_ACCEPT, ClientConstants.CONTENT_TYPE_JSON)
        .executeWithResponse();
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
