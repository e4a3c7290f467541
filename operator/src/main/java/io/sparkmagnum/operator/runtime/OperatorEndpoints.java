package io.sparkmagnum.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP endpoints on one port: {@code /metrics} (Prometheus text format, or
 * OpenMetrics when the scraper asks for it), {@code /healthz} (liveness) and {@code /readyz}
 * (readiness). The probes answer 200 or 503 as their checks say; a check that throws counts as
 * failing.
 */
public final class OperatorEndpoints implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String PLAIN_TEXT = "text/plain; charset=utf-8";
  private static final Logger LOG = LoggerFactory.getLogger(OperatorEndpoints.class);

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier live;
  private final BooleanSupplier ready;

  private OperatorEndpoints(
      HttpServer server, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready) {
    this.server = server;
    this.registry = registry;
    this.live = live;
    this.ready = ready;
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "endpoints-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Binds the port on all interfaces and starts serving.
   *
   * @param port the port, or 0 for any free port (see {@link #port()})
   * @param live whether the process works: {@code /healthz} answers 503 when false
   * @param ready whether the operator can do its job: {@code /readyz} answers 503 when false
   * @throws IOException when the port cannot be bound
   */
  public static OperatorEndpoints start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready)
      throws IOException {
    OperatorEndpoints endpoints =
        new OperatorEndpoints(HttpServer.create(new InetSocketAddress(port), 0), registry, live, ready);
    endpoints.server.start();
    return endpoints;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, PLAIN_TEXT, "method not allowed\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case "/metrics" -> metrics(exchange);
        case "/healthz" -> probe(exchange, live);
        case "/readyz" -> probe(exchange, ready);
        default -> respond(exchange, 404, PLAIN_TEXT, "not found\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("Failed to answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
      throw e;
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String contentType =
        accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    registry.scrape(body, contentType);
    respond(exchange, 200, contentType, body.toByteArray());
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
    boolean passing;
    try {
      passing = check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("Probe {} failed", exchange.getRequestURI().getPath(), e);
      passing = false;
    }
    respond(exchange, passing ? 200 : 503, PLAIN_TEXT, passing ? "ok\n" : "not ok\n");
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
