package io.sparkmagnum.demo;

import io.sparkmagnum.simulator.OpenStackSimulator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The embedded demo ({@code ./demo.sh}): the operator's walkthrough in one process on loopback,
 * printed as it happens. Exit status 0 when every step matched, 1 naming the step that did not, 2
 * for a bad command line or a repository that cannot be found.
 */
public final class Demo {
  static final int EXIT_STEP_FAILED = 1;
  static final int EXIT_USAGE = 2;
  /** How often a serving demo drops the requests the embedded APIs recorded. */
  private static final long FORGET_REQUESTS_SECONDS = 10;

  private final DemoOptions options;
  private final Console console;
  private final Consumer<OpenStackSimulator> openstackTweaks;

  Demo(DemoOptions options, PrintStream out, Consumer<OpenStackSimulator> openstackTweaks) {
    this.options = options;
    this.console = new Console(out, Clock.systemUTC());
    this.openstackTweaks = openstackTweaks;
  }

  public static void main(String[] args) {
    DemoOptions options;
    try {
      options = DemoOptions.parse(Arrays.asList(args), Path.of(""));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoOptions.USAGE);
      System.exit(EXIT_USAGE);
      return;
    }
    // before anything logs: the operator's log goes to a file, the screen is the walkthrough's
    System.setProperty("demo.log.file", options.operatorLog().toString());
    System.setProperty("logback.configurationFile", "demo-logback.xml");
    Demo demo = new Demo(options, System.out, openstack -> {});
    System.exit(options.serve() ? demo.runAndServe() : demo.run());
  }

  /** The walkthrough; the exit status. Everything it started is stopped when it returns. */
  int run() {
    try (EmbeddedCloud cloud = start(); Walkthrough walkthrough = new Walkthrough(cloud, options, console)) {
      return walk(walkthrough).ok() ? 0 : EXIT_STEP_FAILED;
    }
  }

  /** The walkthrough, then the embedded APIs keep serving for kubectl until the process is interrupted. */
  private int runAndServe() {
    EmbeddedCloud cloud = start();
    Walkthrough.Result result = walk(new Walkthrough(cloud, options, console));
    cloud.management.writeKubeconfig(options.managementKubeconfig(), Walkthrough.NAMESPACE);
    cloud.bay.writeKubeconfig(options.bayKubeconfig(), Walkthrough.NAMESPACE);
    ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
    housekeeping.scheduleWithFixedDelay(cloud::forgetRequests, FORGET_REQUESTS_SECONDS, FORGET_REQUESTS_SECONDS,
        TimeUnit.SECONDS);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      housekeeping.shutdownNow();
      cloud.close();
      stopped.countDown();
    }, "demo-shutdown"));
    Path repository = options.repository();
    console.line("");
    console.line("Serving until Ctrl-C. kubectl against the embedded management API (default namespace "
        + Walkthrough.NAMESPACE + "):");
    console.line("  export KUBECONFIG=" + options.managementKubeconfig());
    console.line("  kubectl apply -f " + repository.relativize(repository.resolve(Repository.CLUSTER_SAMPLE)));
    console.line("  kubectl get sparkc");
    console.line("  kubectl describe sparkcluster analytics");
    console.line("  kubectl patch sparkc analytics --type merge -p '{\"spec\":{\"workers\":{\"replicas\":4}}}'");
    console.line("  kubectl delete sparkc analytics --wait=false");
    console.line("The bay's Kubernetes API: KUBECONFIG=" + options.bayKubeconfig() + " kubectl get pods,svc,deploy");
    console.line("The embedded API serves no watches to kubectl: get -w fails, delete without --wait=false");
    console.line("prints watch errors while the finalizer holds the SparkCluster. Not supported either:");
    console.line("scale, explain, apply --server-side. Changes show below.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return result.ok() ? 0 : EXIT_STEP_FAILED;
  }

  private EmbeddedCloud start() {
    EmbeddedCloud cloud = EmbeddedCloud.start(builder -> builder);
    openstackTweaks.accept(cloud.openstack);
    console.line("spark-magnum-operator demo: the walkthrough of the README in this one process, on loopback");
    console.line("  management cluster  Kubernetes API " + cloud.management.url()
        + "  (embedded: fabric8 mock server, CRUD mode)");
    console.line("  OpenStack           Keystone " + cloud.openstack.authUrl() + ", Magnum "
        + cloud.openstack.magnumUrl()
        + "  (simulator: a bay takes " + EmbeddedCloud.BAY_CREATE.toSeconds() + " s to build)");
    console.line("  bays                Kubernetes API " + cloud.bay.url()
        + "  (every bay's api_address; simulated nodes make pods Ready after "
        + EmbeddedCloud.POD_STARTUP.toSeconds() + " s, simulated Spark masters register the ready workers)");
    console.line("  operator            the real one, started as its Main starts it (Magnum polled every "
        + EmbeddedCloud.MAGNUM_POLL_INTERVAL + "); log: " + options.operatorLog());
    return cloud;
  }

  private Walkthrough.Result walk(Walkthrough walkthrough) {
    Walkthrough.Result result = walkthrough.run();
    console.line("");
    if (result.ok()) {
      console.line("Demo complete: all " + result.steps() + " steps matched in "
          + console.elapsed().toSeconds() + " s.");
    } else {
      console.line("Demo FAILED at " + result.failed().orElseThrow() + " (" + result.matched().size() + " of "
          + result.steps() + " steps matched). Operator log: " + options.operatorLog());
    }
    return result;
  }
}
