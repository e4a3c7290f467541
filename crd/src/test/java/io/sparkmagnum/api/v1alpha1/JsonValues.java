package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import org.assertj.core.api.Assertions;

/** JSON equality as Kubernetes sees it: YAML reads 4 as an int, the model writes a Long 4; both are the number 4. */
final class JsonValues {
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private JsonValues() {}

  static boolean same(JsonNode a, JsonNode b) {
    return a.equals(NUMBERS_BY_VALUE, b);
  }

  static void assertSame(JsonNode actual, JsonNode expected) {
    if (!same(actual, expected)) {
      Assertions.fail("expected %s%n but was %s", expected, actual);
    }
  }
}
