package io.sparkmagnum.operator.openstack;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the operator talks to Keystone and Magnum.
 *
 * @param connectTimeout bound on opening a connection
 * @param readTimeout bound on waiting for an answer, once connected
 * @param magnumMicroversion sent as {@code OpenStack-API-Version: container-infra <this>}
 * @param tokenRefreshMargin a token is replaced this long before it expires (at most half its lifetime)
 * @param idleSessionTimeout a cloud's session (token, connections) unused this long is dropped
 */
public record OpenStackSettings(
    Duration connectTimeout,
    Duration readTimeout,
    String magnumMicroversion,
    Duration tokenRefreshMargin,
    Duration idleSessionTimeout) {

  /**
   * 1.2 made cluster create, update and delete asynchronous (202 at once, Heat works afterwards),
   * which the operator relies on; every Magnum since Newton serves it and 17.0+ (maximum 1.11 to
   * 1.14) still does. Nothing the operator reads changed in later microversions.
   */
  public static final String DEFAULT_MAGNUM_MICROVERSION = "1.2";

  private static final Pattern MICROVERSION = Pattern.compile("1\\.[1-9][0-9]*");

  public OpenStackSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    requirePositive(idleSessionTimeout, "idleSessionTimeout");
    Objects.requireNonNull(tokenRefreshMargin, "tokenRefreshMargin");
    if (tokenRefreshMargin.isNegative()) {
      throw new IllegalArgumentException("tokenRefreshMargin must not be negative");
    }
    Objects.requireNonNull(magnumMicroversion, "magnumMicroversion");
    if (!MICROVERSION.matcher(magnumMicroversion).matches()) {
      throw new IllegalArgumentException("magnumMicroversion must look like 1.N, not " + magnumMicroversion);
    }
  }

  /** 10 s to connect, 30 s to answer, microversion 1.2, tokens renewed 5 min early, sessions idle for 1 h dropped. */
  public static OpenStackSettings defaults() {
    return new OpenStackSettings(
        Duration.ofSeconds(10), Duration.ofSeconds(30), DEFAULT_MAGNUM_MICROVERSION,
        Duration.ofMinutes(5), Duration.ofHours(1));
  }

  public OpenStackSettings withTimeouts(Duration connect, Duration read) {
    return new OpenStackSettings(connect, read, magnumMicroversion, tokenRefreshMargin, idleSessionTimeout);
  }

  public OpenStackSettings withMagnumMicroversion(String microversion) {
    return new OpenStackSettings(connectTimeout, readTimeout, microversion, tokenRefreshMargin, idleSessionTimeout);
  }

  public OpenStackSettings withTokenRefreshMargin(Duration margin) {
    return new OpenStackSettings(connectTimeout, readTimeout, magnumMicroversion, margin, idleSessionTimeout);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
