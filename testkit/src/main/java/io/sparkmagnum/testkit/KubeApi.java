package io.sparkmagnum.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * An embedded Kubernetes API (the fabric8 mock server in CRUD mode) on loopback, with a log of the
 * requests it answered, so that tests can count what the operator did to it. Canned answers set
 * through {@link #expect()} take precedence over the CRUD store (e.g. for a SelfSubjectRulesReview).
 */
public final class KubeApi implements AutoCloseable {
  /**
   * One answered request: method, path (with query) and the client that sent it, named by the bearer
   * token of its kubeconfig ("" without one), so that tests can tell operator instances apart.
   */
  public record Request(String method, String path, String client) {
    public boolean isWrite() {
      return !method.equals("GET");
    }
  }

  /** The mock server logs every request through java.util.logging at INFO; kept referenced so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG = quiet("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final List<Request> requests = new ArrayList<>();

  public KubeApi() {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
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

  public String url() {
    return "http://" + server.getHostName() + ":" + server.getPort();
  }

  /** Canned answers that take precedence over the CRUD store. */
  public MockServerExpectation expect() {
    return server.expect();
  }

  /** A client of this API for the test's own use. */
  public KubernetesClient client() {
    return client;
  }

  /** A separate client, e.g. for an operator instance. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Every request answered so far, oldest first (drains the server's queue into the log). */
  public synchronized List<Request> requests() {
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        requests.add(new Request(request.getMethod(), request.getPath(), client(request.getHeader("Authorization"))));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(requests);
  }

  private static String client(String authorization) {
    String bearer = "Bearer ";
    return authorization != null && authorization.startsWith(bearer) ? authorization.substring(bearer.length()) : "";
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
