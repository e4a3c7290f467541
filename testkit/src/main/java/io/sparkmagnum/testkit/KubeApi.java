package io.sparkmagnum.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An embedded Kubernetes API (the fabric8 mock server in CRUD mode) on loopback, with a log of the
 * requests it answered, so that tests can count what the operator did to it. It also answers the
 * discovery requests of kubectl (see {@link DiscoveryCrudDispatcher}), so that kubectl get, describe,
 * apply, patch --type merge and delete work against it; not watches (get -w), scale or server-side
 * apply.
 *
 * <p>The server keeps every request until {@link #requests()} or {@link #resetRequests()} drains
 * them: a long-running user drains them from time to time.
 */
public final class KubeApi implements AutoCloseable {
  /** One answered request: method, path (with query), the client's User-Agent header (null when none) and the body. */
  public record Request(String method, String path, String userAgent, String body) {
    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  /** The mock server logs every request through java.util.logging at INFO; kept referenced so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<Request> requests = new ArrayList<>();
  /** Answers, by "METHOD path", that the CRUD store cannot give, e.g. of a service proxy path. */
  private final Map<String, String> canned = new ConcurrentHashMap<>();

  public KubeApi() {
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
        new DiscoveryCrudDispatcher(Clock.systemUTC(), canned), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.WARNING);
    return logger;
  }

  /** Installs a CRD from its YAML file (the mock knows a custom resource's status subresource only through it). */
  public KubeApi withCrd(Path crd) {
    try (InputStream in = new FileInputStream(crd.toFile())) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * Makes GET {@code path} answer 200 with this body (null: the store answers again), standing in for
   * what a real API server proxies, e.g. {@code /api/v1/namespaces/N/services/S:8080/proxy/json/}.
   */
  public void answerGet(String path, String body) {
    answer("GET " + path, body);
  }

  /**
   * Makes every POST to {@code path} answer 201 with this body (null: the store answers again),
   * standing in for what the API server computes, e.g. a SelfSubjectRulesReview.
   */
  public void answerPost(String path, String body) {
    answer("POST " + path, body);
  }

  private void answer(String request, String body) {
    if (body == null) {
      canned.remove(request);
    } else {
      canned.put(request, body);
    }
  }

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** A client of this API for the test's own use. */
  public KubernetesClient client() {
    return client;
  }

  /** A separate client, e.g. for an operator instance. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /**
   * A separate client whose requests carry the given User-Agent header, so that {@link #requests()}
   * tells them apart from those of other clients.
   */
  public KubernetesClient newClient(String userAgent) {
    return server.createClient(builder -> builder.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /**
   * Writes a kubeconfig for kubectl: this API as the current context with the given default
   * namespace. The embedded API checks no credentials; the token is a placeholder kubectl needs.
   */
  public Path writeKubeconfig(Path file, String namespace) {
    String name = "embedded";
    io.fabric8.kubernetes.api.model.Config kubeconfig = new io.fabric8.kubernetes.api.model.ConfigBuilder()
        .withApiVersion("v1").withKind("Config")
        .addNewCluster().withName(name).withNewCluster().withServer(url()).endCluster().endCluster()
        .addNewUser().withName(name).withNewUser().withToken("embedded-api-checks-no-token").endUser().endUser()
        .addNewContext().withName(name).withNewContext().withCluster(name).withUser(name).withNamespace(namespace)
          .endContext().endContext()
        .withCurrentContext(name)
        .build();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, Serialization.asYaml(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Every request answered so far, oldest first (drains the server's queue into the log). */
  public synchronized List<Request> requests() {
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        requests.add(new Request(request.getMethod(), request.getPath(), request.getHeader("User-Agent"),
            request.getUtf8Body()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(requests);
  }

  /** Forgets the requests answered so far. */
  public synchronized void resetRequests() {
    requests();
    requests.clear();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
