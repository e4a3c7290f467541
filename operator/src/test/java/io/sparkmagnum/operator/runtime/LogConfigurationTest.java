package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The shipped logback.xml, loaded into a context of its own, with standard output captured. */
class LogConfigurationTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeEach
  void configure() throws Exception {
    originalOut = System.out;
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    // the MDC the SDK and the reconciler write to
    context.setMDCAdapter(MDC.getMDCAdapter());
    configurator.doConfigure(LogConfiguration.class.getResource("/logback.xml"));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    context.stop();
    MDC.clear();
  }

  private List<String> lines() {
    return output.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private void logDuringAndOutsideAReconcile() {
    Logger log = context.getLogger("io.sparkmagnum.operator.reconciler.SparkClusterReconciler");
    MDC.put("resource.namespace", "team-a");
    MDC.put("resource.name", "analytics");
    log.info("Bay {} is {}", "k8sbay", "CREATE_COMPLETE");
    MDC.remove("resource.namespace");
    MDC.remove("resource.name");
    log.warn("no resource here");
  }

  @Test
  void textShowsTheReconciledResourceOnEveryLineOfItsReconcile() {
    logDuringAndOutsideAReconcile();

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(0))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^]]+] .+")
        .endsWith("i.s.o.r.SparkClusterReconciler [team-a/analytics] - Bay k8sbay is CREATE_COMPLETE");
    assertThat(lines().get(1)).endsWith("WARN  [" + Thread.currentThread().getName() + "] i.s.o.r.SparkClusterReconciler - no resource here");
  }

  @Test
  void jsonIsOneObjectPerLineWithTheMdc() throws Exception {
    LogConfiguration.apply(context, LogFormat.JSON);

    logDuringAndOutsideAReconcile();

    assertThat(lines()).hasSize(2);
    ObjectMapper mapper = new ObjectMapper();
    JsonNode first = mapper.readTree(lines().get(0));
    assertThat(first.path("level").asText()).isEqualTo("INFO");
    assertThat(first.path("loggerName").asText()).isEqualTo("io.sparkmagnum.operator.reconciler.SparkClusterReconciler");
    assertThat(first.path("formattedMessage").asText()).isEqualTo("Bay k8sbay is CREATE_COMPLETE");
    assertThat(first.path("mdc").path("resource.namespace").asText()).isEqualTo("team-a");
    assertThat(first.path("mdc").path("resource.name").asText()).isEqualTo("analytics");
    assertThat(first.path("timestamp").asLong()).isPositive();
    assertThat(first.has("context")).isFalse();
    assertThat(first.has("arguments")).isFalse();

    JsonNode second = mapper.readTree(lines().get(1));
    assertThat(second.path("level").asText()).isEqualTo("WARN");
    assertThat(second.path("formattedMessage").asText()).isEqualTo("no resource here");
    assertThat(second.path("mdc").path("resource.name").isMissingNode()).isTrue();
  }

  @Test
  void jsonKeepsAnExceptionOnTheSameLine() throws Exception {
    LogConfiguration.apply(context, LogFormat.JSON);

    context.getLogger("x").error("failed", new IllegalStateException("boom"));

    assertThat(lines()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(lines().get(0));
    assertThat(line.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(line.path("throwable").path("message").asText()).isEqualTo("boom");
  }

  @Test
  void textStaysTextWhenAsked() {
    LogConfiguration.apply(context, LogFormat.TEXT);

    context.getLogger("x").info("plain");

    assertThat(lines()).singleElement().asString().endsWith(" x - plain");
  }

  @Test
  void noisyLibrariesOnlyWarn() {
    assertThat(context.getLogger("io.fabric8.kubernetes.client.informers.impl.DefaultSharedIndexInformer").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.openstack4j.openstack.internal.OSClientSession").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.micrometer.core").getEffectiveLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.javaoperatorsdk.operator.Operator").getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.sparkmagnum.operator").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void httpBodyLoggingStaysOffWhenFabric8IsTurnedUp() {
    context.getLogger("io.fabric8").setLevel(Level.TRACE);
    context.getLogger("io.fabric8.kubernetes.client").setLevel(Level.TRACE);

    assertThat(context.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor").isTraceEnabled()).isFalse();
    assertThat(context.getLogger("io.fabric8.kubernetes.client.http.HttpLoggingInterceptor").isErrorEnabled()).isFalse();
  }
}
