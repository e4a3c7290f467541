package io.sparkmagnum.operator.reconciler;

import io.sparkmagnum.api.v1alpha1.BaySpec;
import io.sparkmagnum.api.v1alpha1.SparkCluster;

/** The name of a SparkCluster's bay: spec.bay.name, or one derived from the SparkCluster. */
public final class BayNames {
  private static final String PREFIX = "spark-";
  private static final int UID_CHARS = 8;

  private BayNames() {}

  /**
   * spec.bay.name when set, else {@code spark-<namespace>-<name>-<first 8 chars of uid>}. The derived
   * name is deterministic (so a restarted operator finds a bay whose create call went out) and kept
   * within Magnum's 242 characters by shortening the namespace/name part, never the uid part.
   */
  public static String of(SparkCluster cluster) {
    String given = cluster.getSpec().getBay().getName();
    if (given != null) {
      return given;
    }
    var metadata = cluster.getMetadata();
    String uid = metadata.getUid() == null ? "" : metadata.getUid().replace("-", "");
    String suffix = "-" + uid.substring(0, Math.min(UID_CHARS, uid.length()));
    String middle = metadata.getNamespace() + "-" + metadata.getName();
    int room = BaySpec.NAME_MAX_LENGTH - PREFIX.length() - suffix.length();
    if (middle.length() > room) {
      middle = middle.substring(0, room);
    }
    return PREFIX + middle + suffix;
  }
}
