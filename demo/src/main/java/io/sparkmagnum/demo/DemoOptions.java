package io.sparkmagnum.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the command line chooses: {@code --serve} keeps the embedded APIs up after the walkthrough
 * (with kubeconfigs for kubectl) until Ctrl-C; {@code --step-timeout SECONDS} bounds each step.
 *
 * @param repository the root of the repository (CRD and samples are read from it)
 * @param workDirectory where the operator log and the kubeconfigs go
 */
record DemoOptions(Path repository, Path workDirectory, boolean serve, Duration stepTimeout) {
  static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(30);
  static final String USAGE = """
      Usage: ./demo.sh [--serve] [--step-timeout SECONDS]
        --serve                 keep the embedded APIs serving after the walkthrough and write
                                demo/target/demo-kubeconfig for kubectl (Ctrl-C ends it)
        --step-timeout SECONDS  how long each step may take before the demo fails (default 30)""";

  /** The options of a command line, with the repository found from the working directory. */
  static DemoOptions parse(List<String> args, Path workingDirectory) {
    boolean serve = false;
    Duration stepTimeout = DEFAULT_STEP_TIMEOUT;
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--serve" -> serve = true;
        case "--step-timeout" -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("--step-timeout needs a number of seconds");
          }
          stepTimeout = seconds(args.get(++i));
        }
        default -> throw new IllegalArgumentException("unknown option " + args.get(i));
      }
    }
    Path repository = Repository.locate(workingDirectory);
    return new DemoOptions(repository, repository.resolve("demo").resolve("target"), serve, stepTimeout);
  }

  private static Duration seconds(String text) {
    try {
      long seconds = Long.parseLong(text);
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new IllegalArgumentException("--step-timeout needs a positive number of seconds, not " + text);
  }

  Path operatorLog() {
    return workDirectory.resolve("demo-operator.log");
  }

  Path managementKubeconfig() {
    return workDirectory.resolve("demo-kubeconfig");
  }

  Path bayKubeconfig() {
    return workDirectory.resolve("demo-bay-kubeconfig");
  }
}
