package io.sparkmagnum.operator.testing.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What keystonemiddleware's auth_token filter does in front of a real Magnum, put in front of the
 * simulated one: every request's X-Auth-Token is checked with the real Keystone (GET
 * /v3/auth/tokens, the token validating itself) and refused with 401 when Keystone does not vouch
 * for it. A vouched-for request is passed on to the simulator's Magnum with a token the simulator
 * issued to its mirror of the same user and project (same ids, names and password), since the
 * simulator only knows its own tokens. Answers are passed back with the simulator's URL in links
 * replaced by this proxy's.
 */
final class AuthTokenProxy implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Version documents, which Magnum serves without a token. */
  private static final Set<String> PUBLIC_PATHS = Set.of("/", "/v1", "/v1/");
  /** Headers the JDK HttpClient sets itself, and the token this proxy replaces. */
  private static final Set<String> NOT_FORWARDED =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "x-auth-token");
  private static final Map<String, List<String>> JSON_CONTENT = Map.of("Content-Type", List.of("application/json"));
  private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection", "date");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(AuthTokenProxy::daemon);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile Route route;
  private String simulatorToken; // guarded by this

  /** Where vouched-for requests go; the simulator knows the real Keystone's user. */
  private record Route(RealKeystone keystone, URI simulatorMagnum, URI simulatorAuthUrl) {}

  private AuthTokenProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Listens on a free loopback port; answers 503 until {@link #forwardTo} is called. */
  static AuthTokenProxy start() throws IOException {
    return new AuthTokenProxy();
  }

  /** Magnum's URL for the catalog: http://127.0.0.1:PORT/v1. */
  URI magnumUrl() {
    return URI.create(baseUrl() + "/v1");
  }

  /**
   * Starts passing requests to the simulator's Magnum; tokens are checked with {@code keystone},
   * whose user (same id, name, password and project) the simulator must know.
   */
  synchronized void forwardTo(RealKeystone keystone, URI simulatorMagnum, URI simulatorAuthUrl) {
    simulatorToken = null;
    route = new Route(keystone, simulatorMagnum, simulatorAuthUrl);
  }

  /** Requests passed on to the simulator, each with a token the real Keystone vouched for. */
  long forwarded() {
    return forwarded.get();
  }

  /** Requests refused with 401: no token, or one the real Keystone did not vouch for. */
  long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Route current = route;
      if (current == null) {
        send(exchange, 503, JSON_CONTENT, "{\"error\": \"the Magnum simulator is not connected yet\"}");
        return;
      }
      boolean publicPath = PUBLIC_PATHS.contains(exchange.getRequestURI().getRawPath());
      String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
      if (!publicPath && (token == null || !vouchedFor(current.keystone(), token))) {
        refused.incrementAndGet();
        send(
            exchange,
            401,
            Map.of(
                "Content-Type", List.of("application/json"),
                "WWW-Authenticate", List.of("Keystone uri=\"" + current.keystone().authUrl() + "\"")),
            "{\"error\": {\"code\": 401, \"title\": \"Unauthorized\","
                + " \"message\": \"The request you have made requires authentication.\"}}");
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpResponse<byte[]> answer = forward(current, exchange, body, false);
      if (answer.statusCode() == 401) {
        answer = forward(current, exchange, body, true); // the simulator's own token expired
      }
      forwarded.incrementAndGet();
      String text =
          new String(answer.body(), StandardCharsets.UTF_8).replace(simulatorBase(current), baseUrl());
      send(exchange, answer.statusCode(), answer.headers().map(), text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** keystonemiddleware's check: Keystone answers 200 to GET /v3/auth/tokens for a valid token. */
  private boolean vouchedFor(RealKeystone keystone, String token) throws IOException, InterruptedException {
    HttpRequest validation =
        HttpRequest.newBuilder(URI.create(keystone.authUrl() + "/auth/tokens"))
            .timeout(TIMEOUT)
            .header("X-Auth-Token", token)
            .header("X-Subject-Token", token)
            .GET()
            .build();
    HttpResponse<String> answer = http.send(validation, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      return false;
    }
    JsonNode validated = JSON.readTree(answer.body()).path("token");
    // The simulator acts for the fixture's user on its project: nobody else may pass.
    return validated.at("/user/id").asText().equals(keystone.userId())
        && validated.at("/project/id").asText().equals(keystone.projectId());
  }

  private HttpResponse<byte[]> forward(Route target, HttpExchange exchange, byte[] body, boolean freshToken)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(simulatorBase(target) + exchange.getRequestURI()))
            .timeout(TIMEOUT)
            .header("X-Auth-Token", simulatorToken(target, freshToken))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A token of the simulator's mirror of the fixture's user, issued once and again when refused. */
  private synchronized String simulatorToken(Route target, boolean fresh) throws IOException, InterruptedException {
    if (fresh || simulatorToken == null) {
      RealKeystone keystone = target.keystone();
      simulatorToken =
          new KeystoneRestClient(target.simulatorAuthUrl())
              .passwordToken(
                  keystone.userName(),
                  keystone.userDomainName(),
                  keystone.password(),
                  keystone.projectName(),
                  keystone.projectDomainName());
    }
    return simulatorToken;
  }

  private static String simulatorBase(Route target) {
    URI magnum = target.simulatorMagnum();
    return magnum.getScheme() + "://" + magnum.getRawAuthority();
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, Map<String, List<String>> headers, String body)
      throws IOException {
    headers.forEach(
        (name, values) -> {
          if (!NOT_RETURNED.contains(name.toLowerCase(Locale.ROOT))) {
            exchange.getResponseHeaders().put(name, values);
          }
        });
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    // -1: no body at all (e.g. 204); 0 would announce a chunked one.
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "auth-token-proxy");
    thread.setDaemon(true);
    return thread;
  }
}
