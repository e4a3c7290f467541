package io.sparkmagnum.demo;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.simulator.DemoCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The README's walkthrough, step by step: install, Provisioning, Deploying, Running with 2/2
 * workers, scale to 3, delete. Each step acts like a user with kubectl, then waits (up to its
 * timeout) until what a user would see matches; the first step that does not match ends the walk.
 */
final class Walkthrough implements AutoCloseable {
  static final String NAMESPACE = "team-a";
  static final String SCALE_PATCH = "{\"spec\":{\"workers\":{\"replicas\":3}}}";
  private static final Duration POLL = Duration.ofMillis(100);

  /** A step's action, before its check. */
  private interface Action {
    void run() throws Exception;
  }

  /** What is still missing before the step matches (null: it matches now). */
  private interface Check {
    String missing() throws Exception;
  }

  private record Step(String title, Action action, Check check, Check summary) {}

  /** How the walk ended: the titles of the steps that matched and, if any, the one that did not. */
  record Result(List<String> matched, Optional<String> failed, int steps) {
    boolean ok() {
      return failed.isEmpty();
    }
  }

  private final EmbeddedCloud cloud;
  private final DemoOptions options;
  private final Console console;
  private final MagnumProbe magnum;
  private final KubernetesClient user;
  private final SparkCluster sample;
  private final String clusterName;
  private ClusterWatch watch;
  private String bayUuid;

  Walkthrough(EmbeddedCloud cloud, DemoOptions options, Console console) {
    this.cloud = cloud;
    this.options = options;
    this.console = console;
    this.user = cloud.user();
    this.sample = Repository.minimalCluster(options.repository(), NAMESPACE);
    this.clusterName = sample.getMetadata().getName();
    this.magnum = new MagnumProbe(cloud.openstack.authUrl(), cloud.openstack.magnumUrl(), DemoCloud.USER_NAME,
        DemoCloud.PASSWORD, DemoCloud.PROJECT_NAME);
  }

  Result run() {
    List<Step> steps = List.of(
        new Step("Install: the CRD, the operator, then the samples (credentials Secret, minimal SparkCluster)",
            this::install, this::takenByOperator, () -> "the operator added its finalizer to SparkCluster "
                + NAMESPACE + "/" + clusterName),
        new Step("Provisioning: the operator asks Magnum for a bay, which builds for "
            + EmbeddedCloud.BAY_CREATE.toSeconds() + " s", () -> {}, this::provisioning,
            () -> "bay " + bayUuid + " recorded in status.bay.uuid right after the create call"),
        new Step("Deploying: the bay is complete; master, Service and workers go into the bay", () -> {},
            this::deploying, () -> "phase Deploying while the pods start"),
        new Step("Running with 2/2 workers", () -> {}, () -> running(2), this::runningSummary),
        new Step("Scale: kubectl patch sparkc " + clusterName + " --type merge -p '" + SCALE_PATCH + "'",
            this::scale, () -> running(3), this::runningSummary),
        new Step("Delete: Spark leaves the bay, the bay is deleted, the finalizer goes", this::delete,
            this::gone, () -> "Magnum answers 404 for bay " + bayUuid + "; SparkCluster " + clusterName + " is gone"));
    List<String> matched = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String label = "Step " + (i + 1) + "/" + steps.size();
      console.line("");
      console.line(label + "  " + step.title());
      Optional<String> failure = perform(step);
      if (failure.isPresent()) {
        console.stamped("FAILED  " + label + " (" + step.title() + "): " + failure.get());
        return new Result(matched, Optional.of(label + " " + step.title()), steps.size());
      }
      matched.add(step.title());
    }
    return new Result(matched, Optional.empty(), steps.size());
  }

  /** Runs a step; the reason it did not match, if it did not. */
  private Optional<String> perform(Step step) {
    Instant start = Instant.now();
    try {
      step.action().run();
      Instant deadline = start.plus(options.stepTimeout());
      String missing = step.check().missing();
      while (missing != null) {
        if (Instant.now().isAfter(deadline)) {
          return Optional.of("not within " + options.stepTimeout().toSeconds() + " s: " + missing
              + (watch == null ? "" : " (now: " + watch.describe(clusterName) + ")"));
        }
        Thread.sleep(POLL.toMillis());
        missing = step.check().missing();
      }
      console.stamped(String.format(Locale.ROOT, "ok      %s (%.1f s)", step.summary().missing(),
          Duration.between(start, Instant.now()).toMillis() / 1000.0));
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) {
      return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** Stops showing changes. */
  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }

  private void install() {
    cloud.installCrd(options.repository().resolve(Repository.CRD));
    console.stamped("applied " + Repository.CRD + " (the committed CRD)");
    cloud.startOperator();
    console.stamped("operator started (metrics on http://127.0.0.1:" + cloud.operatorEndpointsPort() + "/metrics)");
    user.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    watch = new ClusterWatch(user, NAMESPACE, console);
    user.secrets().inNamespace(NAMESPACE).resource(Repository.credentials(options.repository(), NAMESPACE,
        cloud.openstack.authUrl(), DemoCloud.USER_NAME, DemoCloud.PASSWORD, DemoCloud.PROJECT_NAME)).create();
    console.stamped("applied " + Repository.SECRET_SAMPLE + " in namespace " + NAMESPACE
        + " with its placeholders filled in for the simulator:");
    console.detail("auth_url " + cloud.openstack.authUrl() + ", username " + DemoCloud.USER_NAME + ", project "
        + DemoCloud.PROJECT_NAME + ", password: the simulator's demo password");
    user.resource(sample).create();
    console.stamped("applied " + Repository.CLUSTER_SAMPLE + " in namespace " + NAMESPACE + ": SparkCluster "
        + clusterName + " (template " + sample.getSpec().getBay().getTemplate() + ", workers default 2)");
    console.line("");
    console.detail(ClusterWatch.HEADER);
  }

  private Resource<SparkCluster> cluster() {
    return user.resources(SparkCluster.class).inNamespace(NAMESPACE).withName(clusterName);
  }

  private String takenByOperator() {
    SparkCluster cluster = cluster().get();
    if (cluster == null) {
      return "SparkCluster " + clusterName + " to exist";
    }
    return cluster.getMetadata().getFinalizers().isEmpty() ? "the operator's finalizer on SparkCluster " + clusterName
        : null;
  }

  private String provisioning() {
    if (!watch.sawPhase(clusterName, Phase.Provisioning)) {
      return "phase Provisioning";
    }
    SparkClusterStatus status = status();
    if (status == null || status.getBay() == null || status.getBay().getUuid() == null) {
      return "status.bay.uuid";
    }
    bayUuid = status.getBay().getUuid();
    return null;
  }

  private String deploying() {
    if (!watch.sawPhase(clusterName, Phase.Deploying)) {
      return "phase Deploying";
    }
    SparkClusterStatus status = status();
    return status != null && status.getBay() != null && "CREATE_COMPLETE".equals(status.getBay().getStatus()) ? null
        : "bay status CREATE_COMPLETE";
  }

  private String running(int workers) {
    SparkCluster cluster = cluster().get();
    SparkClusterStatus status = cluster == null ? null : cluster.getStatus();
    if (status == null || status.getPhase() != Phase.Running) {
      return "phase Running";
    }
    if (!status.condition("Ready").map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false)) {
      return "condition Ready=True";
    }
    if (!Long.valueOf(cluster.getMetadata().getGeneration()).equals(status.getObservedGeneration())) {
      return "status.observedGeneration " + cluster.getMetadata().getGeneration();
    }
    if (status.getWorkers() == null || !Integer.valueOf(workers).equals(status.getWorkers().getReady())
        || !Integer.valueOf(workers).equals(status.getWorkers().getDesired())) {
      return workers + "/" + workers + " workers ready";
    }
    if (!Integer.valueOf(workers).equals(status.getWorkers().getRegistered())) {
      return workers + " workers registered with the Spark master";
    }
    KubernetesClient bay = cloud.bay.client();
    if (bay.pods().inNamespace(NAMESPACE).withName(clusterName + "-master").get() == null
        || bay.services().inNamespace(NAMESPACE).withName(clusterName + "-master").get() == null) {
      return "pod and Service " + clusterName + "-master in the bay";
    }
    Deployment deployment = bay.apps().deployments().inNamespace(NAMESPACE).withName(clusterName + "-worker").get();
    if (deployment == null || !Integer.valueOf(workers).equals(deployment.getSpec().getReplicas())) {
      return "Deployment " + clusterName + "-worker with " + workers + " replicas in the bay";
    }
    return null;
  }

  private String runningSummary() {
    SparkClusterStatus status = status();
    return "Ready=True, " + status.getWorkers().getReady() + "/" + status.getWorkers().getDesired()
        + " workers ready, " + status.getWorkers().getRegistered() + " registered with the master; in the bay: pod "
        + clusterName + "-master, Service " + clusterName + "-master, Deployment " + clusterName + "-worker; master "
        + status.getMaster().getUrl();
  }

  private void scale() {
    cluster().patch(PatchContext.of(PatchType.JSON_MERGE), SCALE_PATCH);
  }

  private void delete() {
    cluster().delete();
  }

  private String gone() throws Exception {
    if (!watch.sawPhase(clusterName, Phase.Deleting)) {
      return "phase Deleting";
    }
    if (cluster().get() != null || !watch.sawDeleted(clusterName)) {
      return "SparkCluster " + clusterName + " gone (its finalizer removed)";
    }
    KubernetesClient bay = cloud.bay.client();
    if (bay.apps().deployments().inNamespace(NAMESPACE).withName(clusterName + "-worker").get() != null) {
      return "Deployment " + clusterName + "-worker removed from the bay";
    }
    int code = magnum.bayStatusCode(bayUuid);
    return code == 404 ? null : "Magnum to answer 404 for bay " + bayUuid + " (it answers " + code + ")";
  }

  private SparkClusterStatus status() {
    return watch.current(clusterName).map(SparkCluster::getStatus).orElse(null);
  }
}
