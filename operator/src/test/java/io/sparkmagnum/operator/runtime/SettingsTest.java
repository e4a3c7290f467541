package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {

  private static Settings settings(Map<String, String> environment) {
    return Settings.fromEnvironment(environment);
  }

  private static InvalidSettingException rejected(String variable, String value) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> settings(Map.of(variable, value)));
    assertThat(thrown).isInstanceOf(InvalidSettingException.class);
    assertThat(thrown.getMessage()).startsWith(variable + "=").doesNotContain("\n", "\r");
    return (InvalidSettingException) thrown;
  }

  @Test
  void defaultsWhenNothingIsSet() {
    Settings settings = settings(Map.of());

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.watchNamespaces()).isEmpty();
    assertThat(settings.metricsPort()).isEqualTo(8080);
    assertThat(settings.leaderElectionNamespace()).isEmpty();
    assertThat(settings.magnumPollInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.resyncInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(settings.identity()).isEmpty();
    assertThat(settings)
        .hasToString(
            "watch namespaces (all), metrics port 8080, leader election off, Magnum poll interval 15s,"
                + " resync interval 5m, log format text");
  }

  @Test
  void blankValuesMeanTheDefault() {
    Settings settings =
        settings(
            Map.of(
                "WATCH_NAMESPACES", " ",
                "METRICS_PORT", "",
                "LEADER_ELECTION_NAMESPACE", "  ",
                "MAGNUM_POLL_INTERVAL", "",
                "RESYNC_INTERVAL", " ",
                "LOG_FORMAT", ""));

    assertThat(settings).hasToString(settings(Map.of()).toString());
  }

  @Test
  void unrelatedVariablesAreIgnored() {
    assertThat(settings(Map.of("PATH", "/usr/bin", "METRICS", "x"))).hasToString(settings(Map.of()).toString());
  }

  @Nested
  class WatchNamespaces {
    @Test
    void commaListInOrderWithoutBlanksOrDuplicates() {
      Settings settings = settings(Map.of("WATCH_NAMESPACES", " team-a, team-b ,,team-a,ns1"));

      assertThat(settings.watchesAllNamespaces()).isFalse();
      assertThat(settings.watchNamespaces()).containsExactly("team-a", "team-b", "ns1");
      assertThat(settings.toString()).startsWith("watch namespaces team-a,team-b,ns1,");
    }

    @Test
    void oneNamespace() {
      assertThat(settings(Map.of("WATCH_NAMESPACES", "default")).watchNamespaces()).containsExactly("default");
    }

    @Test
    void theSetCannotBeChanged() {
      Settings settings = settings(Map.of("WATCH_NAMESPACES", "a"));
      assertThatThrownBy(() -> settings.watchNamespaces().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Team-A", "team_a", "-team", "team-", "team a", "*", "a,B", "a;b", "team.a"})
    void rejectsWhatIsNotANamespaceName(String value) {
      assertThat(rejected("WATCH_NAMESPACES", value))
          .hasMessage(
              "WATCH_NAMESPACES=\""
                  + value
                  + "\" is invalid: expected a comma-separated list where each entry is a namespace name"
                  + " (lower-case letters, digits and '-', at most 63 characters), or empty for all namespaces");
    }

    @Test
    void rejectsNamesLongerThan63Characters() {
      assertThat(settings(Map.of("WATCH_NAMESPACES", "a".repeat(63))).watchNamespaces()).containsExactly("a".repeat(63));
      rejected("WATCH_NAMESPACES", "a".repeat(64));
    }
  }

  @Nested
  class MetricsPort {
    @ParameterizedTest
    @ValueSource(ints = {1, 8080, 9090, 65535})
    void acceptsPorts(int port) {
      assertThat(settings(Map.of("METRICS_PORT", " " + port + " ")).metricsPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65536", "80a", "8080.0", "http", "99999999999"})
    void rejectsNonPorts(String value) {
      assertThat(rejected("METRICS_PORT", value))
          .hasMessage("METRICS_PORT=\"" + value + "\" is invalid: expected a port number from 1 to 65535");
    }
  }

  @Nested
  class LeaderElectionNamespace {
    @Test
    void enablesLeaderElection() {
      Settings settings = settings(Map.of("LEADER_ELECTION_NAMESPACE", "spark-magnum-operator"));

      assertThat(settings.leaderElectionNamespace()).contains("spark-magnum-operator");
      assertThat(settings.toString()).contains("leader election in namespace spark-magnum-operator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Operators", "a,b", "ns/x"})
    void rejectsWhatIsNotANamespaceName(String value) {
      assertThat(rejected("LEADER_ELECTION_NAMESPACE", value))
          .hasMessage(
              "LEADER_ELECTION_NAMESPACE=\""
                  + value
                  + "\" is invalid: expected a namespace name (lower-case letters, digits and '-', at most 63 characters)");
    }
  }

  @Nested
  class Intervals {
    @Test
    void goStyleDurations() {
      Settings settings = settings(Map.of("MAGNUM_POLL_INTERVAL", "1m30s", "RESYNC_INTERVAL", "1h"));

      assertThat(settings.magnumPollInterval()).isEqualTo(Duration.ofSeconds(90));
      assertThat(settings.resyncInterval()).isEqualTo(Duration.ofHours(1));
      assertThat(settings.toString()).contains("Magnum poll interval 1m30s, resync interval 1h,");
    }

    @Test
    void oneSecondIsTheShortest() {
      assertThat(settings(Map.of("MAGNUM_POLL_INTERVAL", "1s")).magnumPollInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(settings(Map.of("RESYNC_INTERVAL", "1000ms")).resyncInterval()).isEqualTo(Duration.ofSeconds(1));
      rejected("MAGNUM_POLL_INTERVAL", "999ms");
      rejected("RESYNC_INTERVAL", "0s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"15", "0", "-15s", "15 seconds", "1d", "PT15S", "fast", "5M"})
    void rejectsBadPollIntervals(String value) {
      assertThat(rejected("MAGNUM_POLL_INTERVAL", value))
          .hasMessage(
              "MAGNUM_POLL_INTERVAL=\""
                  + value
                  + "\" is invalid: expected a duration of at least 1s such as 30s, 5m or 1h30m (units h, m, s, ms)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "5 m", "-5m", "never"})
    void rejectsBadResyncIntervals(String value) {
      assertThat(rejected("RESYNC_INTERVAL", value))
          .hasMessage(
              "RESYNC_INTERVAL=\""
                  + value
                  + "\" is invalid: expected a duration of at least 1s such as 30s, 5m or 1h30m (units h, m, s, ms)");
    }
  }

  @Nested
  class LogFormats {
    @Test
    void textOrJson() {
      assertThat(settings(Map.of("LOG_FORMAT", "text")).logFormat()).isEqualTo(LogFormat.TEXT);
      assertThat(settings(Map.of("LOG_FORMAT", "json")).logFormat()).isEqualTo(LogFormat.JSON);
      assertThat(settings(Map.of("LOG_FORMAT", "json")).toString()).endsWith("log format json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JSON", "logfmt", "plain", "xml"})
    void rejectsOtherFormats(String value) {
      assertThat(rejected("LOG_FORMAT", value))
          .hasMessage("LOG_FORMAT=\"" + value + "\" is invalid: expected text or json");
    }
  }

  @Nested
  class Identity {
    @Test
    void podNameFirst() {
      assertThat(settings(Map.of("POD_NAME", "operator-7d9f-abcde", "HOSTNAME", "host")).identity())
          .contains("operator-7d9f-abcde");
    }

    @Test
    void elseHostName() {
      assertThat(settings(Map.of("HOSTNAME", "host-1")).identity()).contains("host-1");
    }
  }

  @Test
  void aBadValueIsShownOnOneLineAndShortened() {
    InvalidSettingException e = rejected("METRICS_PORT", "80\n80\t\"x\"\\" + "9".repeat(200));

    assertThat(e.getMessage())
        .startsWith("METRICS_PORT=\"80\\u000a80\\u0009\\\"x\\\"\\\\999")
        .contains("...\" is invalid: expected a port number from 1 to 65535");
    assertThat(e.getStackTrace()).isEmpty();
  }
}
