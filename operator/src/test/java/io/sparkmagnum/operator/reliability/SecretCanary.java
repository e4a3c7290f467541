package io.sparkmagnum.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.reconciler.BayClients;
import io.sparkmagnum.testkit.KubeApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Watches a test class for leaked credentials: the {@link Canaries}, and the client private key of
 * every bay kubeconfig the operator wrote. After each test it looks at every log line of this JVM
 * (the operator's own loggers, the Java Operator SDK's and OpenStack4j's turned up to DEBUG meanwhile,
 * with the messages of attached exceptions and their causes), the output of operator processes, every
 * event, every SparkCluster (status included) and every object in the bay APIs; Secrets are the only
 * place where the values belong. Register with {@code @RegisterExtension static final SecretCanary
 * canary = new SecretCanary();} and tell it what to look at with {@link #inspect} and {@link #inspectOutput}.
 */
final class SecretCanary implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  /** Loggers turned up to DEBUG while a class runs; the console still shows only what it showed before. */
  private static final List<String> VERBOSE_LOGGERS = List.of("io.sparkmagnum.operator", "io.javaoperatorsdk",
      "org.openstack4j");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, Level> CONSOLE_LEVELS = new ConcurrentHashMap<>();

  /** Secrets are found by their first characters; every canary and key line is at least this long. */
  private static final int PREFIX = 20;

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();
  private final Map<String, List<String>> secretsByPrefix = new ConcurrentHashMap<>();
  private final List<String> logTexts = new CopyOnWriteArrayList<>();
  private final List<KubeApi> managementApis = new CopyOnWriteArrayList<>();
  private final List<KubeApi> bayApis = new CopyOnWriteArrayList<>();
  private final List<Path> outputs = new CopyOnWriteArrayList<>();
  private final Map<String, Level> levelsBefore = new LinkedHashMap<>();
  private final Capture capture = new Capture();
  private long linesInspected;

  SecretCanary() {
    Canaries.values().forEach(this::secret);
  }

  /** Looks at this management API (events, SparkClusters, kubeconfig Secrets) and bay API after each test. */
  SecretCanary inspect(KubeApi management, KubeApi bay) {
    managementApis.add(management);
    bayApis.add(bay);
    return this;
  }

  /** Looks at the output (log) of an operator process after each test. */
  void inspectOutput(Path output) {
    outputs.add(output);
  }


  long linesInspected() {
    return linesInspected;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : VERBOSE_LOGGERS) {
      Logger logger = logging.getLogger(name);
      levelsBefore.put(name, logger.getLevel());
      CONSOLE_LEVELS.putIfAbsent(name, logger.getEffectiveLevel());
      logger.setLevel(Level.DEBUG);
    }
    installConsoleFilter(root);
    capture.setContext(logging);
    capture.start();
    root.addAppender(capture);
  }

  /** The console keeps showing only what the configuration let through before: DEBUG goes to the capture alone. */
  private static synchronized void installConsoleFilter(Logger root) {
    for (Iterator<ch.qos.logback.core.Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      var appender = it.next();
      boolean installed = appender.getCopyOfAttachedFiltersList().stream().anyMatch(ConsoleLevels.class::isInstance);
      if (!installed) {
        appender.addFilter(new ConsoleLevels());
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertNoLeaks();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    try {
      assertThat(leaksInLogsAndOutputs()).as("credentials in log lines").isEmpty();
    } finally {
      root.detachAppender(capture);
      capture.stop();
      LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
      levelsBefore.forEach((name, level) -> logging.getLogger(name).setLevel(level));
    }
  }

  /** Fails, naming where, when a credential shows in a log line, an output, an event, a status or a bay object. */
  void assertNoLeaks() {
    List<String> leaks = new ArrayList<>();
    for (KubeApi api : managementApis) {
      leaks.addAll(leaksInManagement(api.client()));
    }
    for (KubeApi api : bayApis) {
      leaks.addAll(leaksInBay(api.client()));
    }
    leaks.addAll(leaksInLogsAndOutputs());
    assertThat(leaks).as("credentials outside their Secrets").isEmpty();
  }

  private List<String> leaksInLogsAndOutputs() {
    List<String> leaks = new ArrayList<>();
    List<String> texts = List.copyOf(logTexts);
    logTexts.removeAll(texts);
    linesInspected += texts.size();
    for (String text : texts) {
      leak("log line", text).ifPresent(leaks::add);
    }
    for (Path output : outputs) {
      try {
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
          linesInspected++;
          leak("output of " + output.getFileName(), line).ifPresent(leaks::add);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return leaks;
  }

  private List<String> leaksInManagement(KubernetesClient client) {
    List<String> leaks = new ArrayList<>();
    // learn the bay client keys first: they may show up in anything below
    for (Secret secret : client.secrets().inAnyNamespace().list().getItems()) {
      if (secret.getData() != null && secret.getData().containsKey(BayClients.KUBECONFIG_KEY)) {
        learnClientKey(secret.getData().get(BayClients.KUBECONFIG_KEY));
      }
    }
    for (var event : client.v1().events().inAnyNamespace().list().getItems()) {
      leak("event " + event.getMetadata().getNamespace() + "/" + event.getMetadata().getName(),
          event.getReason() + " " + event.getMessage()).ifPresent(leaks::add);
    }
    for (SparkCluster cluster : client.resources(SparkCluster.class).inAnyNamespace().list().getItems()) {
      leak("SparkCluster " + cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName(),
          Serialization.asJson(cluster)).ifPresent(leaks::add);
    }
    return leaks;
  }

  private List<String> leaksInBay(KubernetesClient bay) {
    List<String> leaks = new ArrayList<>();
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(bay.namespaces().list().getItems());
    objects.addAll(bay.configMaps().inAnyNamespace().list().getItems());
    objects.addAll(bay.pods().inAnyNamespace().list().getItems());
    objects.addAll(bay.services().inAnyNamespace().list().getItems());
    objects.addAll(bay.apps().deployments().inAnyNamespace().list().getItems());
    for (HasMetadata object : objects) {
      leak("bay object " + object.getKind() + " " + object.getMetadata().getNamespace() + "/"
          + object.getMetadata().getName(), Serialization.asJson(object)).ifPresent(leaks::add);
    }
    return leaks;
  }

  private void learnClientKey(String kubeconfigBase64) {
    try {
      JsonNode kubeconfig = YAML.readTree(Base64.getDecoder().decode(kubeconfigBase64));
      for (JsonNode user : kubeconfig.path("users")) {
        String keyData = user.path("user").path("client-key-data").asText("");
        if (!keyData.isEmpty()) {
          Canaries.pemBodyLines(new String(Base64.getDecoder().decode(keyData), StandardCharsets.UTF_8))
              .forEach(this::secret);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where and what, with the secret itself masked, when the text holds one. */
  private Optional<String> leak(String where, String text) {
    if (text == null) {
      return Optional.empty();
    }
    // thousands of secrets (a key is many lines) against many texts: look up each window of the text
    for (int i = 0; i + PREFIX <= text.length(); i++) {
      List<String> candidates = secretsByPrefix.get(text.substring(i, i + PREFIX));
      if (candidates == null) {
        continue;
      }
      for (String secret : candidates) {
        if (text.startsWith(secret, i)) {
          String masked = text.replace(secret, "<SECRET>");
          return Optional.of(where + ": " + (masked.length() > 500 ? masked.substring(0, 500) + "..." : masked));
        }
      }
    }
    return Optional.empty();
  }

  /** Another value that must not show anywhere. */
  void secret(String value) {
    if (value.length() < PREFIX) {
      throw new IllegalArgumentException("a secret to look for needs at least " + PREFIX + " characters");
    }
    if (secrets.add(value)) {
      secretsByPrefix.computeIfAbsent(value.substring(0, PREFIX), prefix -> new CopyOnWriteArrayList<>()).add(value);
    }
  }

  /** Keeps the message of every log event and of every exception attached to it, with causes and suppressed ones. */
  private final class Capture extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
      appendThrowable(text, event.getThrowableProxy(), 0);
      event.getMDCPropertyMap().values().forEach(value -> text.append(' ').append(value));
      logTexts.add(text.toString());
    }

    private void appendThrowable(StringBuilder text, IThrowableProxy thrown, int depth) {
      if (thrown == null || depth > 20) {
        return;
      }
      text.append(" | ").append(thrown.getClassName()).append(": ").append(thrown.getMessage());
      for (IThrowableProxy suppressed : thrown.getSuppressed()) {
        appendThrowable(text, suppressed, depth + 1);
      }
      appendThrowable(text, thrown.getCause(), depth + 1);
    }
  }

  /** Lets through to an appender only what the logger's configured level let through before DEBUG was turned on. */
  private static final class ConsoleLevels extends Filter<ILoggingEvent> {
    @Override
    public FilterReply decide(ILoggingEvent event) {
      String logger = event.getLoggerName();
      for (Map.Entry<String, Level> configured : CONSOLE_LEVELS.entrySet()) {
        String name = configured.getKey();
        if ((logger.equals(name) || logger.startsWith(name + ".")) && !event.getLevel().isGreaterOrEqual(configured.getValue())) {
          return FilterReply.DENY;
        }
      }
      return FilterReply.NEUTRAL;
    }
  }
}
