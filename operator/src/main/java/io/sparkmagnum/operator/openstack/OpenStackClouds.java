package io.sparkmagnum.operator.openstack;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.openstack4j.core.transport.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clouds the operator talks to: one session (Keystone token, HTTP connections) per distinct
 * {@link CloudCredentials}, shared by every SparkCluster using them. Thread-safe. A session not
 * asked for during {@link OpenStackSettings#idleSessionTimeout()} is dropped, so credentials that
 * were replaced in their Secret do not linger; {@link #invalidate} drops one at once.
 */
public final class OpenStackClouds {

  private static final Logger LOG = LoggerFactory.getLogger(OpenStackClouds.class);

  private final OpenStackSettings settings;
  private final RequestMetrics metrics;
  private final Clock clock;
  private final Map<CloudCredentials, Session> sessions = new ConcurrentHashMap<>();

  public OpenStackClouds(OpenStackSettings settings, MeterRegistry registry) {
    this(settings, registry, Clock.systemUTC());
  }

  OpenStackClouds(OpenStackSettings settings, MeterRegistry registry, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = new RequestMetrics(Objects.requireNonNull(registry, "registry"));
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The bays of the cloud these credentials reach; no call is made until one is used. */
  public MagnumBays bays(CloudCredentials credentials) {
    Objects.requireNonNull(credentials, "credentials");
    Instant now = clock.instant();
    sessions.values().removeIf(session -> session.idleSince(now, settings));
    Session session = sessions.computeIfAbsent(credentials, this::open);
    session.lastUsed = now;
    return session.bays;
  }

  /** Forgets the session of these credentials (e.g. their Secret changed): the next use authenticates anew. */
  public void invalidate(CloudCredentials credentials) {
    sessions.remove(credentials);
  }

  private Session open(CloudCredentials credentials) {
    Config config = Config.newConfig()
        .withConnectionTimeout(Math.toIntExact(settings.connectTimeout().toMillis()))
        .withReadTimeout(Math.toIntExact(settings.readTimeout().toMillis()))
        .withEndpointURLResolver(new ContainerInfraEndpoints());
    SSLContext sslContext = TlsTrust.sslContext(credentials);
    if (sslContext != null) {
      config.withSSLContext(sslContext);
    }
    if (!credentials.verifyTls()) {
      LOG.warn("TLS certificate verification is off for cloud '{}' (clouds.yaml says verify: false): "
          + "the identity of Keystone at {} and of Magnum is not checked", credentials.cloudName(),
          credentials.authUrl().getAuthority());
    }
    KeystoneTokens tokens = new KeystoneTokens(credentials, config, settings.tokenRefreshMargin(), metrics, clock);
    MagnumV1Service magnum = new MagnumV1Service(settings.magnumMicroversion());
    return new Session(new OpenStackMagnumBays(credentials, config, tokens, magnum, metrics), clock.instant());
  }

  private static final class Session {
    final MagnumBays bays;
    volatile Instant lastUsed;

    Session(MagnumBays bays, Instant lastUsed) {
      this.bays = bays;
      this.lastUsed = lastUsed;
    }

    boolean idleSince(Instant now, OpenStackSettings settings) {
      return lastUsed.plus(settings.idleSessionTimeout()).isBefore(now);
    }
  }
}
