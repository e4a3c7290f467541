package io.sparkmagnum.operator.reconciler;

import io.sparkmagnum.api.v1alpha1.BaySpec;
import io.sparkmagnum.api.v1alpha1.BayStatus;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;
import io.sparkmagnum.api.v1alpha1.WorkersSpec;
import io.sparkmagnum.operator.spark.SparkObjects;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a SparkCluster before anything touches OpenStack or a bay. It repeats the CRD's schema
 * rules (an API server without the CRD's validation, or an old CRD, must not let bad input through)
 * and adds what a schema cannot say.
 */
public final class SpecValidator {
  private static final Pattern BAY_NAME = Pattern.compile(BaySpec.NAME_PATTERN);
  private static final Pattern MEMORY = Pattern.compile(WorkersSpec.MEMORY_PATTERN);
  private static final Pattern IMAGE = Pattern.compile("^[^\\s]+$");

  private SpecValidator() {}

  /** Human-readable problems of the spec; empty when it is fine. */
  public static List<String> validate(SparkCluster cluster) {
    List<String> problems = new ArrayList<>();
    SparkClusterSpec spec = cluster.getSpec();
    if (spec == null) {
      return List.of("spec is required");
    }
    if (blank(spec.getCloud().getSecretName())) {
      problems.add("spec.cloud.secretName is required");
    }
    BaySpec bay = spec.getBay();
    if (bay.getName() == null && blank(bay.getTemplate())) {
      problems.add("spec.bay.template is required unless spec.bay.name names an existing bay to adopt");
    }
    if (bay.getName() != null && (!BAY_NAME.matcher(bay.getName()).matches()
        || bay.getName().length() > BaySpec.NAME_MAX_LENGTH)) {
      problems.add("spec.bay.name must match " + BaySpec.NAME_PATTERN + " and have at most "
          + BaySpec.NAME_MAX_LENGTH + " characters");
    }
    BayStatus recorded = cluster.getStatus() == null ? null : cluster.getStatus().getBay();
    if (recorded != null && recorded.getName() != null && bay.getName() != null
        && !recorded.getName().equals(bay.getName())) {
      problems.add("spec.bay.name is immutable: this SparkCluster uses bay " + recorded.getName()
          + "; create a new SparkCluster to use another bay");
    }
    atLeast(problems, "spec.bay.nodeCount", bay.getNodeCount(), 1);
    atLeast(problems, "spec.bay.masterCount", bay.getMasterCount(), 1);
    atLeast(problems, "spec.bay.createTimeoutMinutes", bay.getCreateTimeoutMinutes(), 1);
    atLeast(problems, "spec.workers.replicas", spec.getWorkers().getReplicas(), 0);
    atLeast(problems, "spec.workers.cores", spec.getWorkers().getCores(), 1);
    if (!MEMORY.matcher(spec.getWorkers().getMemory()).matches()) {
      problems.add("spec.workers.memory must be in Spark's size syntax, e.g. 512m or 2g");
    } else if (!workerMemoryUsable(spec.getWorkers().getMemory())) {
      problems.add("spec.workers.memory must be from 1m to 2047t: a Spark worker takes whole MiB that fit in an int,"
          + " and a number without a unit counts bytes");
    }
    if (!IMAGE.matcher(spec.getImage()).matches()) {
      problems.add("spec.image must be an image reference without spaces");
    }
    problems.addAll(SparkObjects.validate(cluster));
    return problems;
  }

  /**
   * Whether a Spark worker can use this SPARK_WORKER_MEMORY: Spark converts it to bytes (no unit means bytes,
   * units are binary), then to whole MiB held in an int, and refuses to start below 1 MiB.
   */
  static boolean workerMemoryUsable(String memory) {
    var size = MEMORY.matcher(memory);
    if (!size.matches()) {
      return false;
    }
    String unit = size.group(1) == null ? "b" : size.group(1).substring(0, 1).toLowerCase(java.util.Locale.ROOT);
    int shift = 10 * "bkmgtp".indexOf(unit);
    BigInteger mebibytes = new BigInteger(memory.substring(0, size.start(1) < 0 ? memory.length() : size.start(1)))
        .shiftLeft(shift).shiftRight(20);
    return mebibytes.signum() > 0 && mebibytes.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) <= 0;
  }

  private static void atLeast(List<String> problems, String field, Integer value, int minimum) {
    if (value == null || value < minimum) {
      problems.add(field + " must be at least " + minimum);
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
