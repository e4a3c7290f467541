package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "15s, PT15S",
    "5m, PT5M",
    "1h30m, PT1H30M",
    "1h30m15s, PT1H30M15S",
    "1.5h, PT1H30M",
    ".5s, PT0.5S",
    "1.s, PT1S",
    "250ms, PT0.25S",
    "2h45m30.5s, PT2H45M30.5S",
    "100us, PT0.0001S",
    "100µs, PT0.0001S",
    "7ns, PT0.000000007S",
    "30s30s, PT1M",
    "0, PT0S",
    "0s, PT0S",
    "90m, PT1H30M"
  })
  void parsesGoDurations(String text, Duration expected) {
    assertThat(GoDurations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "\"{0}\" is rejected")
  @ValueSource(
      strings = {"", "15", "s", "15S", "1H", "1d", "-5s", "+5s", "1.5.5s", "1e3s", " 15s", "15s ", "1h 30m", "15 s", "h1", "1hm", "5min", "PT5M", "0x10s", "99999999999h"})
  void rejectsAnythingElse(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> GoDurations.parse(text));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({"PT15S, 15s", "PT5M, 5m", "PT1H30M, 1h30m", "PT2H0M1S, 2h1s", "PT0.25S, 0.25s", "PT0S, 0s", "PT0.000001S, 1000ns"})
  void formatsLikeGo(Duration duration, String expected) {
    assertThat(GoDurations.format(duration)).isEqualTo(expected);
  }
}
