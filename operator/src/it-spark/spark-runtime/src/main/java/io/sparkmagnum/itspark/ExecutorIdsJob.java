package io.sparkmagnum.itspark;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The job the real-Spark integration test submits from the driver: which executors run the tasks of
 * {@code parallelize(1..1000).map(executor id).distinct().collect()}.
 *
 * <p>Arguments: the number of executors to wait for, then Spark property keys whose values, as the running
 * application sees them, are printed. Output lines: {@code APP <application id>}, {@code EXECUTORS <id>,<id>...} and
 * {@code CONF <key>=<value>}.
 */
public final class ExecutorIdsJob {
  private static final Duration EXECUTOR_WAIT = Duration.ofSeconds(60);

  private ExecutorIdsJob() {}

  public static void main(String[] args) throws InterruptedException {
    int expectedExecutors = Integer.parseInt(args[0]);
    try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setAppName("executor-ids"))) {
      awaitExecutors(sc, expectedExecutors);
      List<Integer> numbers = IntStream.rangeClosed(1, 1000).boxed().toList();
      // more partitions than executors, so that every registered executor is offered a task
      List<String> executorIds = sc.parallelize(numbers, 10 * expectedExecutors)
          .map(n -> SparkEnv.get().executorId())
          .distinct()
          .collect();
      System.out.println("APP " + sc.sc().applicationId());
      System.out.println("EXECUTORS " + String.join(",", executorIds.stream().sorted().toList()));
      for (int i = 1; i < args.length; i++) {
        System.out.println("CONF " + args[i] + "=" + sc.getConf().get(args[i], ""));
      }
    }
  }

  /** Standalone scheduling starts tasks as soon as one executor registered; wait for all of them first. */
  private static void awaitExecutors(JavaSparkContext sc, int expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(EXECUTOR_WAIT);
    // the tracker lists the driver as well
    while (sc.sc().statusTracker().getExecutorInfos().length < expected + 1) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("fewer than " + expected + " executors registered within " + EXECUTOR_WAIT);
      }
      Thread.sleep(100);
    }
  }
}
