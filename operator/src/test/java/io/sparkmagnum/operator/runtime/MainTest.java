package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void aStartFailureIsReportedWithTheMessagesOfItsCauses() {
    var failure =
        new OperatorException("Error starting operator", new OperatorException("No Controller exists. Exiting!"));

    assertThat(Main.causes(failure)).isEqualTo("Error starting operator: No Controller exists. Exiting!");
  }

  @Test
  void repeatedAndMissingMessages() {
    var cause = new IllegalStateException("informer failed");
    var wrapped = new RuntimeException(cause); // its message is cause.toString(), which repeats the cause's

    assertThat(Main.causes(wrapped)).isEqualTo("java.lang.IllegalStateException: informer failed");
    assertThat(Main.causes(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
