package io.sparkmagnum.operator.openstack;

import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.HttpMethod;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;
import org.openstack4j.core.transport.internal.HttpExecutor;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keystone token of one {@link CloudCredentials}: issued on first use, reused until shortly
 * before it expires, replaced at once when Magnum refuses it. Thread-safe; callers wanting a token
 * while one is being issued wait for that one.
 */
final class KeystoneTokens {

  private static final Logger LOG = LoggerFactory.getLogger(KeystoneTokens.class);
  static final String OPERATION = "tokens.issue";

  private final CloudCredentials credentials;
  private final Config config;
  private final Duration refreshMargin;
  private final RequestMetrics metrics;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private IssuedToken current;

  KeystoneTokens(CloudCredentials credentials, Config config, Duration refreshMargin, RequestMetrics metrics, Clock clock) {
    this.credentials = credentials;
    this.config = config;
    this.refreshMargin = refreshMargin;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** A token valid for a while yet, issued now if need be. */
  IssuedToken current() throws OpenStackException {
    lock.lock();
    try {
      if (current == null || !clock.instant().isBefore(current.refreshAt())) {
        current = issue();
      }
      return current;
    } finally {
      lock.unlock();
    }
  }

  /** Forgets this token (Magnum refused it) unless another caller already replaced it. */
  void invalidate(IssuedToken refused) {
    lock.lock();
    try {
      if (current == refused) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private IssuedToken issue() throws OpenStackException {
    Instant askedAt = clock.instant();
    HttpRequest<Void> request = HttpRequest.builder(Void.class)
        .endpoint(credentials.authUrl().toString())
        .path("/auth/tokens")
        .method(HttpMethod.POST)
        .config(config)
        .header(ClientConstants.HEADER_USER_AGENT, MagnumV1Service.USER_AGENT)
        .header(ClientConstants.HEADER_ACCEPT, ClientConstants.CONTENT_TYPE_JSON)
        .entity(KeystoneAuthRequest.of(credentials))
        .build();
    Reply reply;
    HttpResponse response;
    try {
      response = HttpExecutor.create().execute(request);
      reply = Reply.read(response);
    } catch (ConnectionException | IOException e) {
      metrics.request(RequestMetrics.IDENTITY, OPERATION, Kind.UNAVAILABLE);
      throw new OpenStackException(Kind.UNAVAILABLE, "Keystone at " + credentials.authUrl() + " did not answer: " + e.getMessage());
    }
    if (!reply.successful()) {
      Kind kind = keystoneKind(reply.status());
      metrics.request(RequestMetrics.IDENTITY, OPERATION, kind);
      throw new OpenStackException(kind, "Keystone at " + credentials.authUrl() + " refused a token for cloud '"
          + credentials.cloudName() + "' (" + credentials.method().keystoneName() + "): " + reply.detail());
    }
    String tokenId = response.header(ClientConstants.HEADER_X_SUBJECT_TOKEN);
    KeystoneToken token = parse(reply);
    if (tokenId == null || tokenId.isBlank() || token == null || token.getExpires() == null) {
      metrics.request(RequestMetrics.IDENTITY, OPERATION, Kind.UNAVAILABLE);
      throw new OpenStackException(Kind.UNAVAILABLE, "Keystone at " + credentials.authUrl()
          + " answered HTTP " + reply.status() + " without a usable token");
    }
    metrics.request(RequestMetrics.IDENTITY, OPERATION, null);
    metrics.tokenIssued(credentials.method());
    token.setId(tokenId);
    token.setEndpoint(credentials.authUrl().toString());

    String magnum = ContainerInfraEndpoints.magnum(token, credentials.endpointInterface(), credentials.region())
        .orElseThrow(() -> new OpenStackException(Kind.UNAVAILABLE, "the Keystone catalog of cloud '"
            + credentials.cloudName() + "' has no " + ContainerInfraEndpoints.SERVICE_TYPE + " endpoint with interface "
            + credentials.endpointInterface().name().toLowerCase(java.util.Locale.ROOT)
            + (credentials.region() == null ? "" : " in region " + credentials.region())));
    Instant refreshAt = refreshAt(token, askedAt);
    LOG.debug("Issued a Keystone token for cloud '{}' ({}), expiring at {}, to be renewed at {}",
        credentials.cloudName(), credentials.method().keystoneName(), token.getExpires().toInstant(), refreshAt);
    return new IssuedToken(token, magnum, refreshAt);
  }

  /**
   * When to stop using the token: its lifetime by Keystone's own clock (immune to skew between the
   * clocks), counted from when it was asked for, less the margin, at most half the lifetime.
   */
  private Instant refreshAt(KeystoneToken token, Instant askedAt) {
    Instant expires = token.getExpires().toInstant();
    Instant issued = token.getIssuedAt() == null ? askedAt : token.getIssuedAt().toInstant();
    Duration lifetime = Duration.between(issued, expires);
    if (lifetime.isNegative() || lifetime.isZero()) {
      return askedAt;
    }
    Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
    return askedAt.plus(lifetime).minus(margin);
  }

  private static KeystoneToken parse(Reply reply) {
    try {
      return ObjectMapperSingleton.getContext(KeystoneToken.class).readerFor(KeystoneToken.class).readValue(reply.body());
    } catch (IOException e) {
      return null;
    }
  }

  /** 404 here means a wrong auth_url, not a missing bay: REJECTED, never NOT_FOUND. */
  private static Kind keystoneKind(int status) {
    Kind kind = Reply.kindOf(status, false);
    return kind == Kind.NOT_FOUND ? Kind.REJECTED : kind;
  }

  /**
   * A token with what is needed to use it: OpenStack4j's model (for a client built from it), the
   * Magnum endpoint found in its catalog and when to stop using it. {@code toString()} hides the id.
   */
  record IssuedToken(KeystoneToken token, String magnumEndpoint, Instant refreshAt) {
    @Override
    public String toString() {
      return "IssuedToken[magnum=" + magnumEndpoint + ", refreshAt=" + refreshAt + "]";
    }
  }
}
