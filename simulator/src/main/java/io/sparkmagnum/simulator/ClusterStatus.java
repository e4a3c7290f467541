package io.sparkmagnum.simulator;

import java.util.Set;

/** Magnum's cluster status values and the groups the conductor treats alike. */
final class ClusterStatus {
  static final String CREATE_IN_PROGRESS = "CREATE_IN_PROGRESS";
  static final String CREATE_COMPLETE = "CREATE_COMPLETE";
  static final String CREATE_FAILED = "CREATE_FAILED";
  static final String UPDATE_IN_PROGRESS = "UPDATE_IN_PROGRESS";
  static final String UPDATE_COMPLETE = "UPDATE_COMPLETE";
  static final String UPDATE_FAILED = "UPDATE_FAILED";
  static final String DELETE_IN_PROGRESS = "DELETE_IN_PROGRESS";
  static final String DELETE_FAILED = "DELETE_FAILED";

  static final Set<String> ALL =
      Set.of(
          CREATE_IN_PROGRESS,
          CREATE_FAILED,
          CREATE_COMPLETE,
          UPDATE_IN_PROGRESS,
          UPDATE_FAILED,
          UPDATE_COMPLETE,
          DELETE_IN_PROGRESS,
          DELETE_FAILED,
          "DELETE_COMPLETE",
          "RESUME_COMPLETE",
          "RESUME_FAILED",
          "RESTORE_COMPLETE",
          "ROLLBACK_IN_PROGRESS",
          "ROLLBACK_FAILED",
          "ROLLBACK_COMPLETE",
          "SNAPSHOT_COMPLETE",
          "CHECK_COMPLETE",
          "ADOPT_COMPLETE");

  private ClusterStatus() {}

  static void requireKnown(String status) {
    if (!ALL.contains(status)) {
      throw new IllegalArgumentException("not a Magnum cluster status: " + status + ", expected one of " + ALL);
    }
  }

  /** The conductor only starts an update from a finished, successful state. */
  static boolean allowsUpdate(String status) {
    return status.endsWith("_COMPLETE") && !status.equals("DELETE_COMPLETE");
  }

  static boolean inProgress(String status) {
    return status.endsWith("_IN_PROGRESS");
  }

  static boolean failed(String status) {
    return status.endsWith("_FAILED");
  }
}
