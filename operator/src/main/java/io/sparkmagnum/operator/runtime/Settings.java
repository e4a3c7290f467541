package io.sparkmagnum.operator.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The operator's settings, read from environment variables (all optional):
 *
 * <ul>
 *   <li>{@code WATCH_NAMESPACES}: comma-separated namespaces to watch; unset or empty for all.
 *   <li>{@code METRICS_PORT}: port of /metrics, /healthz and /readyz; default 8080.
 *   <li>{@code LEADER_ELECTION_NAMESPACE}: when set, replicas elect a leader through a Lease there.
 *   <li>{@code MAGNUM_POLL_INTERVAL}: how often a bay in progress is polled; default 15s.
 *   <li>{@code RESYNC_INTERVAL}: the longest time between two reconciliations; default 5m.
 *   <li>{@code LOG_FORMAT}: {@code text} (default) or {@code json}.
 *   <li>{@code POD_NAME}, else {@code HOSTNAME}: this replica's leader election identity.
 * </ul>
 */
public final class Settings {
  public static final String WATCH_NAMESPACES = "WATCH_NAMESPACES";
  public static final String METRICS_PORT = "METRICS_PORT";
  public static final String LEADER_ELECTION_NAMESPACE = "LEADER_ELECTION_NAMESPACE";
  public static final String MAGNUM_POLL_INTERVAL = "MAGNUM_POLL_INTERVAL";
  public static final String RESYNC_INTERVAL = "RESYNC_INTERVAL";
  public static final String LOG_FORMAT = "LOG_FORMAT";
  public static final String POD_NAME = "POD_NAME";
  public static final String HOSTNAME = "HOSTNAME";

  public static final int DEFAULT_METRICS_PORT = 8080;
  public static final Duration DEFAULT_MAGNUM_POLL_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(5);
  /** Shorter intervals would hammer Magnum or the API server for no benefit. */
  static final Duration MINIMUM_INTERVAL = Duration.ofSeconds(1);

  // RFC 1123 label, what Kubernetes accepts as a namespace name
  private static final Pattern NAMESPACE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final String NAMESPACE_FORM =
      "a namespace name (lower-case letters, digits and '-', at most 63 characters)";
  private static final String DURATION_FORM =
      "a duration of at least 1s such as 30s, 5m or 1h30m (units h, m, s, ms)";

  private final Set<String> watchNamespaces;
  private final int metricsPort;
  private final Optional<String> leaderElectionNamespace;
  private final Duration magnumPollInterval;
  private final Duration resyncInterval;
  private final LogFormat logFormat;
  private final Optional<String> identity;

  private Settings(
      Set<String> watchNamespaces,
      int metricsPort,
      Optional<String> leaderElectionNamespace,
      Duration magnumPollInterval,
      Duration resyncInterval,
      LogFormat logFormat,
      Optional<String> identity) {
    this.watchNamespaces = watchNamespaces;
    this.metricsPort = metricsPort;
    this.leaderElectionNamespace = leaderElectionNamespace;
    this.magnumPollInterval = magnumPollInterval;
    this.resyncInterval = resyncInterval;
    this.logFormat = logFormat;
    this.identity = identity;
  }

  /**
   * Reads and validates the settings; variables that are unset or blank take their default.
   *
   * @throws InvalidSettingException naming the first variable whose value is unusable
   */
  public static Settings fromEnvironment(Map<String, String> environment) {
    return new Settings(
        watchNamespaces(environment),
        metricsPort(environment),
        value(environment, LEADER_ELECTION_NAMESPACE)
            .map(namespace -> namespace(LEADER_ELECTION_NAMESPACE, namespace, namespace)),
        interval(environment, MAGNUM_POLL_INTERVAL, DEFAULT_MAGNUM_POLL_INTERVAL),
        interval(environment, RESYNC_INTERVAL, DEFAULT_RESYNC_INTERVAL),
        logFormat(environment),
        value(environment, POD_NAME).or(() -> value(environment, HOSTNAME)));
  }

  /** The namespaces to watch; empty means all namespaces. */
  public Set<String> watchNamespaces() {
    return watchNamespaces;
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }

  public int metricsPort() {
    return metricsPort;
  }

  /** Present when leader election is on: the namespace of its Lease. */
  public Optional<String> leaderElectionNamespace() {
    return leaderElectionNamespace;
  }

  public Duration magnumPollInterval() {
    return magnumPollInterval;
  }

  public Duration resyncInterval() {
    return resyncInterval;
  }

  public LogFormat logFormat() {
    return logFormat;
  }

  /** This replica's name for leader election: the pod name, else the host name. */
  public Optional<String> identity() {
    return identity;
  }

  @Override
  public String toString() {
    return "watch namespaces "
        + (watchesAllNamespaces() ? "(all)" : String.join(",", watchNamespaces))
        + ", metrics port "
        + metricsPort
        + ", leader election "
        + leaderElectionNamespace.map(namespace -> "in namespace " + namespace).orElse("off")
        + ", Magnum poll interval "
        + GoDurations.format(magnumPollInterval)
        + ", resync interval "
        + GoDurations.format(resyncInterval)
        + ", log format "
        + logFormat.name().toLowerCase();
  }

  private static Optional<String> value(Map<String, String> environment, String variable) {
    return Optional.ofNullable(environment.get(variable)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Set<String> watchNamespaces(Map<String, String> environment) {
    Optional<String> list = value(environment, WATCH_NAMESPACES);
    if (list.isEmpty()) {
      return Set.of();
    }
    LinkedHashSet<String> namespaces =
        Arrays.stream(list.get().split(",", -1))
            .map(String::trim)
            .filter(entry -> !entry.isEmpty())
            .map(entry -> namespace(WATCH_NAMESPACES, list.get(), entry))
            .collect(Collectors.toCollection(LinkedHashSet::new));
    return Collections.unmodifiableSet(namespaces);
  }

  private static String namespace(String variable, String value, String candidate) {
    if (!NAMESPACE_NAME.matcher(candidate).matches()) {
      throw new InvalidSettingException(
          variable,
          value,
          WATCH_NAMESPACES.equals(variable)
              ? "a comma-separated list where each entry is " + NAMESPACE_FORM + ", or empty for all namespaces"
              : NAMESPACE_FORM);
    }
    return candidate;
  }

  private static int metricsPort(Map<String, String> environment) {
    Optional<String> text = value(environment, METRICS_PORT);
    if (text.isEmpty()) {
      return DEFAULT_METRICS_PORT;
    }
    try {
      int port = Integer.parseInt(text.get());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // reported below with the accepted form
    }
    throw new InvalidSettingException(METRICS_PORT, text.get(), "a port number from 1 to 65535");
  }

  private static Duration interval(Map<String, String> environment, String variable, Duration fallback) {
    Optional<String> text = value(environment, variable);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      Duration interval = GoDurations.parse(text.get());
      if (interval.compareTo(MINIMUM_INTERVAL) >= 0) {
        return interval;
      }
    } catch (IllegalArgumentException notADuration) {
      // reported below with the accepted form
    }
    throw new InvalidSettingException(variable, text.get(), DURATION_FORM);
  }

  private static LogFormat logFormat(Map<String, String> environment) {
    Optional<String> text = value(environment, LOG_FORMAT);
    if (text.isEmpty()) {
      return LogFormat.TEXT;
    }
    return switch (text.get()) {
      case "text" -> LogFormat.TEXT;
      case "json" -> LogFormat.JSON;
      default -> throw new InvalidSettingException(LOG_FORMAT, text.get(), "text or json");
    };
  }
}
