package io.sparkmagnum.simulator;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Magnum's names for clusters created without one, like "zeta-22-cluster". */
final class NameGenerator {
  private static final List<String> LETTERS =
      List.of(
          "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu",
          "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega");

  private NameGenerator() {}

  static String clusterName() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return LETTERS.get(random.nextInt(LETTERS.size())) + "-" + random.nextInt(100) + "-cluster";
  }
}
