package io.sparkmagnum.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the simulator alone with the {@link DemoCloud} seed until stopped, for trying the
 * operator or the openstack CLI by hand.
 *
 * <pre>
 * java -cp ... io.sparkmagnum.simulator.OpenStackSimulatorMain --port 5000 --magnum-port 9511 \
 *     --create-seconds 20 --update-seconds 10 --delete-seconds 10
 * </pre>
 */
public final class OpenStackSimulatorMain {
  private static final String USAGE =
      "usage: OpenStackSimulatorMain [--port 5000] [--magnum-port 9511] [--create-seconds 20]"
          + " [--update-seconds 10] [--delete-seconds 10] [--token-lifetime-seconds 3600]"
          + " [--max-microversion 1.11]";

  private OpenStackSimulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    OpenStackSimulator.Builder builder;
    try {
      builder = configure(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    OpenStackSimulator simulator = builder.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulator.close();
                  stopped.countDown();
                },
                "openstack-simulator-shutdown"));
    describe(simulator, System.out);
    stopped.await();
  }

  static OpenStackSimulator.Builder configure(String... args) {
    OpenStackSimulator.Builder builder = OpenStackSimulator.builder().demoSeed().port(5000).magnumPort(9511);
    Duration create = Duration.ofSeconds(20);
    Duration update = Duration.ofSeconds(10);
    Duration delete = Duration.ofSeconds(10);
    Deque<String> rest = new ArrayDeque<>(List.of(args));
    while (!rest.isEmpty()) {
      String option = rest.pop();
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("missing value after " + option);
      }
      String value = rest.pop();
      switch (option) {
        case "--port" -> builder.port(number(option, value));
        case "--magnum-port" -> builder.magnumPort(number(option, value));
        case "--create-seconds" -> create = Duration.ofSeconds(number(option, value));
        case "--update-seconds" -> update = Duration.ofSeconds(number(option, value));
        case "--delete-seconds" -> delete = Duration.ofSeconds(number(option, value));
        case "--token-lifetime-seconds" -> builder.tokenLifetime(Duration.ofSeconds(number(option, value)));
        case "--max-microversion" -> builder.microversions("1.1", value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    return builder.operationDurations(create, update, delete);
  }

  private static int number(String option, String value) {
    try {
      int number = Integer.parseInt(value);
      if (number < 0) {
        throw new IllegalArgumentException(option + " cannot be negative: " + value);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
    }
  }

  /** Prints where the simulator listens and the demo credentials (demo values, not secrets). */
  static void describe(OpenStackSimulator simulator, PrintStream out) {
    out.println("OpenStack simulator (Keystone v3 + Magnum v1) is running.");
    out.println("  auth_url: " + simulator.authUrl());
    out.println("  magnum:   " + simulator.magnumUrl() + " (catalog type container-infra, region RegionOne)");
    out.println();
    out.println("Demo clouds.yaml:");
    out.println("clouds:");
    out.println("  demo:");
    out.println("    auth_type: password");
    out.println("    auth:");
    out.println("      auth_url: " + simulator.authUrl());
    out.println("      username: " + DemoCloud.USER_NAME);
    out.println("      password: " + DemoCloud.PASSWORD);
    out.println("      project_name: " + DemoCloud.PROJECT_NAME);
    out.println("      user_domain_name: " + DemoCloud.DOMAIN_NAME);
    out.println("      project_domain_name: " + DemoCloud.DOMAIN_NAME);
    out.println("    region_name: RegionOne");
    out.println("    identity_api_version: 3");
    out.println("  demo-appcred:");
    out.println("    auth_type: v3applicationcredential");
    out.println("    auth:");
    out.println("      auth_url: " + simulator.authUrl());
    out.println("      application_credential_id: " + DemoCloud.APPLICATION_CREDENTIAL_ID);
    out.println("      application_credential_secret: " + DemoCloud.APPLICATION_CREDENTIAL_SECRET);
    out.println("    region_name: RegionOne");
    out.println();
    out.println("Cluster templates: " + DemoCloud.TEMPLATE_NAME + " (TLS), " + DemoCloud.PLAIN_HTTP_TEMPLATE_NAME
        + " (tls_disabled); cluster: " + DemoCloud.CLUSTER_NAME);
    out.println("Stop with Ctrl+C.");
    out.flush();
  }
}
