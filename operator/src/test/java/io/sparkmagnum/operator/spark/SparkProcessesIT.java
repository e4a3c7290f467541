package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.spark.LocalKubelet.LocalPod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pods exactly as the builders produce them, run on real Spark 3.5.3 (the Spark of the default image) as local
 * processes by {@link LocalKubelet}: a master, two workers of the worker Deployment and a driver pod in which a job
 * is submitted as a user would after {@code kubectl exec}. Spark comes from the side build in src/it-spark, never
 * from this module's classpath.
 */
@Tag("integration")
class SparkProcessesIT {
  private static final String JOB_CLASS = "io.sparkmagnum.itspark.ExecutorIdsJob";
  private static final int WORKERS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  private LocalKubelet kubelet;

  @AfterEach
  void stopEveryProcess() {
    if (kubelet != null) {
      kubelet.close();
    }
  }

  @Test
  void theBuiltPodsFormAWorkingSparkCluster() throws Exception {
    Path runtime = Path.of(requiredProperty("spark.runtime.dir"));
    Path runDir = Path.of(requiredProperty("spark.it.dir"))
        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));

    SparkCluster cluster = SparkClusters.named("analytics", "team-a");
    cluster.getSpec().getWorkers().setReplicas(WORKERS);
    cluster.getSpec().getWorkers().setCores(1);
    cluster.getSpec().getWorkers().setMemory("1g");
    cluster.getSpec().getDriver().setEnabled(true);
    cluster.getSpec().setSparkConf(Map.of("spark.executor.memory", "512m"));
    DesiredSparkObjects desired = SparkObjects.desired(cluster);

    kubelet = new LocalKubelet(runtime.resolve("spark-home"), runDir, List.of(desired.masterService()));
    kubelet.addConfigMap(desired.sparkDefaults());

    LocalPod master = kubelet.pod(desired.master().getMetadata().getName(), desired.master().getSpec());
    kubelet.expose(desired.masterService(), master);
    master.start().awaitReady();

    Deployment workers = desired.workers();
    List<LocalPod> workerPods = new ArrayList<>();
    for (int i = 0; i < workers.getSpec().getReplicas(); i++) {
      workerPods.add(kubelet.pod(workers.getMetadata().getName() + "-" + i, workers.getSpec().getTemplate().getSpec()));
    }
    for (LocalPod worker : workerPods) {
      worker.start();
    }
    workerPods.forEach(LocalPod::awaitReady);

    String masterJsonUrl = "http://127.0.0.1:" + master.hostPort(SparkNames.MASTER_UI_PORT) + "/json/";
    AtomicReference<String> masterJson = new AtomicReference<>();
    await("both workers registered with the master").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          masterJson.set(kubelet.get(masterJsonUrl).body());
          return MasterState.parse(masterJson.get()).aliveWorkers() == WORKERS;
        });
    Files.writeString(runDir.resolve("master-json-workers-registered.json"), masterJson.get());

    MasterState state = MasterState.parse(masterJson.get());
    assertThat(state.status()).isEqualTo("ALIVE");
    assertThat(state.alive()).isTrue();
    assertThat(state.aliveWorkers()).isEqualTo(WORKERS);
    assertThat(state.cores()).isEqualTo(WORKERS);
    assertThat(state.memoryMb()).isEqualTo(WORKERS * 1024L);
    assertThat(state.workers()).hasSize(WORKERS).allSatisfy(worker -> {
      assertThat(worker.alive()).isTrue();
      assertThat(worker.cores()).isEqualTo(1);
      assertThat(worker.memoryMb()).isEqualTo(1024L);
    });

    LocalPod driver = kubelet.pod(desired.driver().orElseThrow().getMetadata().getName(),
        desired.driver().orElseThrow().getSpec()).start();
    Path jobJar = runtime.resolve("executor-ids-job.jar");
    Process job = driver.exec(List.of("/opt/spark/bin/spark-submit", "--class", JOB_CLASS, jobJar.toString(),
        String.valueOf(WORKERS), "spark.executor.memory", "spark.master"));
    // while the application runs, the master accounts for its executors: one per worker, of spark.executor.memory
    await("the master runs the application on both workers").atMost(TIMEOUT).pollInterval(Duration.ofMillis(200))
        .until(() -> {
          if (!job.isAlive()) {
            throw new IllegalStateException("the job exited with " + job.exitValue() + " before running, output in "
                + driver.log("exec-1.log"));
          }
          masterJson.set(kubelet.get(masterJsonUrl).body());
          MasterState running = MasterState.parse(masterJson.get());
          return running.activeApplications() == 1 && running.coresUsed() == WORKERS;
        });
    Files.writeString(runDir.resolve("master-json-application-running.json"), masterJson.get());
    MasterState running = MasterState.parse(masterJson.get());
    assertThat(running.memoryUsedMb()).isEqualTo(WORKERS * 512L);
    assertThat(job.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("job finished in time").isTrue();
    List<String> output = Files.readAllLines(driver.log("exec-1.log"));
    assertThat(job.exitValue()).as("job exit code, output in %s", driver.log("exec-1.log")).isZero();

    String applicationId = line(output, "APP ");
    Set<String> executorIds = new TreeSet<>(List.of(line(output, "EXECUTORS ").split(",")));
    assertThat(executorIds).as("executors that ran the tasks").hasSize(WORKERS);
    assertThat(line(output, "CONF spark.executor.memory=")).isEqualTo("512m");
    assertThat(line(output, "CONF spark.master="))
        .isEqualTo("spark://analytics-master.team-a.svc:" + master.hostPort(SparkNames.MASTER_PORT));

    // each worker ran one of the job's executors
    Set<String> executorsOnWorkers = new TreeSet<>();
    for (LocalPod worker : workerPods) {
      JsonNode workerState = JSON.readTree(
          kubelet.get("http://127.0.0.1:" + worker.hostPort(SparkNames.WORKER_UI_PORT) + "/json/").body());
      List<String> ofTheJob = new ArrayList<>();
      for (JsonNode executor : workerState.path("finishedexecutors")) {
        if (applicationId.equals(executor.path("appid").asText())) {
          ofTheJob.add(executor.path("id").asText());
          assertThat(executor.path("memory").asInt()).as("executor memory from sparkConf").isEqualTo(512);
        }
      }
      assertThat(ofTheJob).as("executors of %s on a worker", applicationId).hasSize(1);
      executorsOnWorkers.addAll(ofTheJob);
    }
    assertThat(executorsOnWorkers).isEqualTo(executorIds);

    await("the master lists the finished application").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          masterJson.set(kubelet.get(masterJsonUrl).body());
          return completedApplication(masterJson.get(), applicationId) != null;
        });
    Files.writeString(runDir.resolve("master-json-job-finished.json"), masterJson.get());
    JsonNode application = completedApplication(masterJson.get(), applicationId);
    assertThat(application.path("name").asText()).isEqualTo("executor-ids");
    assertThat(application.path("memoryperexecutor").asInt()).isEqualTo(512);
    assertThat(MasterState.parse(masterJson.get()).aliveWorkers()).isEqualTo(WORKERS);
    Files.write(runDir.resolve("job-output.txt"), output.stream().filter(l -> l.matches("(APP|EXECUTORS|CONF) .*"))
        .toList());

    // a worker pod goes away: the master counts it out at once (the disconnect, not a heartbeat timeout)
    workerPods.get(1).stop();
    await("the master counts the lost worker out").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
        .until(() -> {
          masterJson.set(kubelet.get(masterJsonUrl).body());
          return MasterState.parse(masterJson.get()).aliveWorkers() == WORKERS - 1;
        });
    Files.writeString(runDir.resolve("master-json-worker-lost.json"), masterJson.get());
    MasterState degraded = MasterState.parse(masterJson.get());
    assertThat(degraded.alive()).isTrue();
    assertThat(degraded.cores()).isEqualTo(WORKERS - 1);
    assertThat(degraded.memoryMb()).isEqualTo((WORKERS - 1) * 1024L);
    assertThat(degraded.workers()).extracting(MasterState.Worker::state).containsExactlyInAnyOrder("ALIVE", "DEAD");
  }

  private static JsonNode completedApplication(String masterJson, String applicationId) throws IOException {
    for (JsonNode application : JSON.readTree(masterJson).path("completedapps")) {
      if (applicationId.equals(application.path("id").asText())) {
        return application;
      }
    }
    return null;
  }

  private static String line(List<String> output, String prefix) {
    return output.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
        .findFirst().orElseThrow(() -> new AssertionError("no line starting with \"" + prefix + "\" in the job output"));
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    assertThat(value).as("system property %s, set by the failsafe configuration of mvn verify", name).isNotBlank();
    return value;
  }
}
