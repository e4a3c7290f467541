package io.sparkmagnum.operator.status;

import io.sparkmagnum.api.v1alpha1.Condition;

/** What one step of a reconcile found out, as the condition of its type will say it. */
public record Finding(String type, String status, String reason, String message) {

  public static Finding ok(String type, String reason, String message) {
    return new Finding(type, Condition.TRUE, reason, message);
  }

  public static Finding notOk(String type, String reason, String message) {
    return new Finding(type, Condition.FALSE, reason, message);
  }

  public static Finding unknown(String type, String reason, String message) {
    return new Finding(type, Condition.UNKNOWN, reason, message);
  }

  public boolean isTrue() {
    return Condition.TRUE.equals(status);
  }
}
