package io.sparkmagnum.operator.openstack;

import io.sparkmagnum.operator.openstack.KeystoneTokens.IssuedToken;
import io.sparkmagnum.operator.openstack.MagnumModel.Certificate;
import io.sparkmagnum.operator.openstack.MagnumModel.Cluster;
import io.sparkmagnum.operator.openstack.MagnumModel.ClusterId;
import io.sparkmagnum.operator.openstack.MagnumModel.ClusterPage;
import io.sparkmagnum.operator.openstack.MagnumModel.ClusterSummary;
import io.sparkmagnum.operator.openstack.MagnumModel.ClusterTemplate;
import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.openstack.OSFactory;

/**
 * {@link MagnumBays} of one cloud over OpenStack4j: a Keystone token shared by all threads, a
 * client built from it on the calling thread for each call (OpenStack4j keeps its session in a
 * thread-local), one re-authentication and retry when Magnum answers 401, and every answer
 * turned into a result or a typed {@link OpenStackException}. No call is retried otherwise: the
 * reconciler decides when to try again.
 */
final class OpenStackMagnumBays implements MagnumBays {

  private final CloudCredentials credentials;
  private final Config config;
  private final KeystoneTokens tokens;
  private final MagnumV1Service magnum;
  private final RequestMetrics metrics;
  private final Facing facing;
  private final int pageSize;
  /** Templates read so far, by uuid (see {@link MagnumBays#templateOf}); a cloud has few. */
  private final Map<String, BayTemplate> templates = new ConcurrentHashMap<>();

  OpenStackMagnumBays(CloudCredentials credentials, Config config, KeystoneTokens tokens,
      MagnumV1Service magnum, RequestMetrics metrics, int pageSize) {
    this.credentials = credentials;
    this.config = config;
    this.tokens = tokens;
    this.magnum = magnum;
    this.metrics = metrics;
    this.facing = ContainerInfraEndpoints.facing(credentials.endpointInterface());
    this.pageSize = pageSize;
  }

  @Override
  public Optional<Bay> findByUuid(String uuid) throws OpenStackException {
    Reply reply = call("clusters.get", true, service -> service.getCluster(uuid));
    if (reply.status() == 404) {
      return Optional.empty();
    }
    requireSuccess(reply, true, "reading bay " + uuid);
    return Optional.of(cluster(reply));
  }

  /**
   * Lists every page and keeps exact (case-sensitive) name matches: a GET by name would also
   * match a UUID, and on MySQL a name differing in case.
   */
  @Override
  public Optional<Bay> findByName(String name) throws OpenStackException {
    List<String> matches = new ArrayList<>();
    for (ClusterSummary summary : listAll()) {
      if (name.equals(summary.name())) {
        matches.add(summary.uuid());
      }
    }
    if (matches.size() > 1) {
      throw new OpenStackException(Kind.AMBIGUOUS, matches.size() + " bays are named '" + name + "': " + matches);
    }
    return matches.isEmpty() ? Optional.empty() : findByUuid(matches.get(0));
  }

  @Override
  public String create(BayCreateRequest request) throws OpenStackException {
    MagnumModel.ClusterCreate body = new MagnumModel.ClusterCreate(
        request.name(), request.template(), request.nodeCount(), request.masterCount(),
        request.keypair(), request.createTimeoutMinutes());
    Reply reply = call("clusters.create", false, service -> service.createCluster(body));
    requireSuccess(reply, false, "creating bay " + request.name());
    return reply.required(ClusterId.class, ClusterId::uuid, "the new bay's uuid", "Magnum (creating bay " + request.name() + ")");
  }

  @Override
  public void resize(String uuid, int nodeCount) throws OpenStackException {
    List<MagnumModel.PatchOperation> patch =
        List.of(new MagnumModel.PatchOperation("replace", "/node_count", nodeCount));
    Reply reply = call("clusters.update", false, service -> service.patchCluster(uuid, patch));
    requireSuccess(reply, false, "resizing bay " + uuid + " to " + nodeCount + " nodes");
  }

  /** A bay already gone (404) counts as deleted. */
  @Override
  public void delete(String uuid) throws OpenStackException {
    Reply reply = call("clusters.delete", false, service -> service.deleteCluster(uuid));
    if (reply.status() != 404) {
      requireSuccess(reply, false, "deleting bay " + uuid);
    }
  }

  @Override
  public BayTemplate template(String nameOrUuid) throws OpenStackException {
    Reply reply = call("clustertemplates.get", true, service -> service.getClusterTemplate(nameOrUuid));
    requireSuccess(reply, true, "reading cluster template '" + nameOrUuid + "'");
    ClusterTemplate template = reply.as(ClusterTemplate.class, "Magnum (cluster template " + nameOrUuid + ")");
    if (template.uuid() == null) {
      throw new OpenStackException(Kind.UNAVAILABLE, "Magnum answered cluster template '" + nameOrUuid + "' without a uuid");
    }
    BayTemplate read = new BayTemplate(template.uuid(), template.name(), template.coe(), template.tlsDisabled());
    templates.put(read.uuid(), read);
    return read;
  }

  @Override
  public BayTemplate templateOf(Bay bay) throws OpenStackException {
    BayTemplate known = templates.get(bay.templateId());
    return known != null ? known : template(bay.templateId());
  }

  @Override
  public String caCertificate(String bayUuid) throws OpenStackException {
    Reply reply = call("certificates.get", false, service -> service.getCertificate(bayUuid));
    requireSuccess(reply, false, "reading the CA certificate of bay " + bayUuid);
    return reply.required(Certificate.class, Certificate::pem, "a pem", "Magnum (CA of bay " + bayUuid + ")");
  }

  @Override
  public String signCertificate(String bayUuid, String csrPem) throws OpenStackException {
    MagnumModel.CertificateSigningRequest body = new MagnumModel.CertificateSigningRequest(bayUuid, csrPem);
    Reply reply = call("certificates.sign", false, service -> service.signCertificate(body));
    requireSuccess(reply, false, "signing a certificate for bay " + bayUuid);
    return reply.required(Certificate.class, Certificate::pem, "a pem", "Magnum (signing for bay " + bayUuid + ")");
  }

  private List<ClusterSummary> listAll() throws OpenStackException {
    List<ClusterSummary> all = new ArrayList<>();
    Set<String> markersSeen = new HashSet<>();
    Map<String, String> query = Map.of("limit", Integer.toString(pageSize));
    while (query != null) {
      Map<String, String> pageQuery = query;
      Reply reply = call("clusters.list", false, service -> service.listClusters(pageQuery));
      requireSuccess(reply, false, "listing bays");
      ClusterPage page = reply.as(ClusterPage.class, "Magnum (bay list)");
      all.addAll(page.entries());
      query = nextPageQuery(page, query);
      if (query != null && !markersSeen.add(query.get("marker"))) {
        throw new OpenStackException(Kind.UNAVAILABLE, "Magnum's bay list repeats the page after " + query.get("marker"));
      }
    }
    return all;
  }

  /**
   * The query of the next page: that of Magnum's {@code next} link, asked of our own endpoint (the
   * link's host is whatever Magnum believes its own is), with a marker; null after the last page.
   */
  private static Map<String, String> nextPageQuery(ClusterPage page, Map<String, String> previous) {
    if (page.next() == null || page.next().isBlank() || page.entries().isEmpty()) {
      return null;
    }
    Map<String, String> query = new LinkedHashMap<>(previous);
    String rawQuery = URI.create(page.next()).getRawQuery();
    if (rawQuery != null) {
      for (String parameter : rawQuery.split("&")) {
        int equals = parameter.indexOf('=');
        if (equals > 0) {
          query.put(URLDecoder.decode(parameter.substring(0, equals), StandardCharsets.UTF_8),
              URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    if (query.get("marker") == null || query.get("marker").equals(previous.get("marker"))) {
      query.put("marker", page.entries().get(page.entries().size() - 1).uuid());
    }
    return query;
  }

  private static Bay cluster(Reply reply) throws OpenStackException {
    Cluster cluster = reply.as(Cluster.class, "Magnum (bay)");
    if (cluster.uuid() == null) {
      throw new OpenStackException(Kind.UNAVAILABLE, "Magnum answered a bay without a uuid");
    }
    return cluster.toBay();
  }

  private void requireSuccess(Reply reply, boolean lookup, String action) throws OpenStackException {
    if (!reply.successful()) {
      throw new OpenStackException(Reply.kindOf(reply.status(), lookup),
          action + " in cloud '" + credentials.cloudName() + "' failed: " + reply.detail());
    }
  }

  /** One Magnum call; on 401 the token is replaced and the call made once more. */
  private Reply call(String operation, boolean lookup, Function<MagnumV1Service, HttpResponse> request)
      throws OpenStackException {
    IssuedToken token = tokens.current();
    Reply reply = exchange(operation, lookup, token, request);
    if (reply.status() != 401) {
      return reply;
    }
    tokens.invalidate(token);
    reply = exchange(operation, lookup, tokens.current(), request);
    if (reply.status() == 401) {
      throw new OpenStackException(Kind.AUTHENTICATION_FAILED, "Magnum of cloud '" + credentials.cloudName()
          + "' refused a freshly issued token (" + operation + "): " + reply.detail());
    }
    return reply;
  }

  private Reply exchange(String operation, boolean lookup, IssuedToken token,
      Function<MagnumV1Service, HttpResponse> request) throws OpenStackException {
    OSFactory.clientFromToken(token.token(), facing, config).useRegion(credentials.region());
    Reply reply;
    try {
      reply = Reply.read(request.apply(magnum));
    } catch (ConnectionException | IOException e) {
      metrics.request(RequestMetrics.CONTAINER_INFRA, operation, Kind.UNAVAILABLE);
      throw new OpenStackException(Kind.UNAVAILABLE, "Magnum of cloud '" + credentials.cloudName()
          + "' did not answer (" + operation + "): " + e.getMessage());
    }
    metrics.request(RequestMetrics.CONTAINER_INFRA, operation,
        reply.successful() ? null : Reply.kindOf(reply.status(), lookup));
    return reply;
  }
}
