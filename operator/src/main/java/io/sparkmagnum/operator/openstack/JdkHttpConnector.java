package io.sparkmagnum.operator.openstack;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.core.transport.ClientConstants;
import org.openstack4j.core.transport.Config;
import org.openstack4j.core.transport.ExecutionOptions;
import org.openstack4j.core.transport.HttpEntityHandler;
import org.openstack4j.core.transport.HttpExecutorService;
import org.openstack4j.core.transport.HttpRequest;
import org.openstack4j.core.transport.HttpResponse;
import org.openstack4j.core.transport.ObjectMapperSingleton;

/**
 * OpenStack4j's connector (found through {@link java.util.ServiceLoader}) on the JDK's HTTP client,
 * in place of openstack4j-okhttp, which on Java 9+ cannot use a custom CA (its
 * {@code Config.withSSLContext} calls OkHttp's {@code sslSocketFactory(SSLSocketFactory)}, which
 * throws), builds a new client and connection pool per request, retries every 401 through
 * OpenStack4j's own re-authentication (impossible for a session built from a token) and can log
 * request bodies. This one keeps one pooled client per {@link Config}, bounds every exchange by the
 * config's timeouts, returns every status to the caller and logs nothing.
 */
public final class JdkHttpConnector implements HttpExecutorService {

  private static final Set<String> RESTRICTED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /** Keyed by Config's value equality; an entry goes when no session holds its Config any more. */
  private static final Map<Config, HttpClient> CLIENTS = Collections.synchronizedMap(new WeakHashMap<>());

  @Override
  public <R> HttpResponse execute(HttpRequest<R> request) {
    Config config = request.getConfig();
    HttpClient client = CLIENTS.computeIfAbsent(config, JdkHttpConnector::newClient);
    java.net.http.HttpRequest httpRequest = toJdkRequest(request, config);
    CompletableFuture<java.net.http.HttpResponse<byte[]>> exchange =
        client.sendAsync(httpRequest, BodyHandlers.ofByteArray());
    try {
      java.net.http.HttpResponse<byte[]> response = config.getReadTimeout() > 0
          // the request timeout ends with the response headers; this bounds the body too
          ? exchange.get((long) config.getReadTimeout() + Math.max(config.getConnectTimeout(), 0), TimeUnit.MILLISECONDS)
          : exchange.get();
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new ConnectionException(
          request.getMethod() + " " + hostOf(httpRequest.uri()) + " timed out", 0, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConnectionException(
          request.getMethod() + " " + hostOf(httpRequest.uri()) + " failed: " + describe(cause), 0, cause);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new ConnectionException(request.getMethod() + " " + hostOf(httpRequest.uri()) + " interrupted", 0, e);
    }
  }

  @Override
  public String getExecutorDisplayName() {
    return "JDK HttpClient connector";
  }

  private static HttpClient newClient(Config config) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (config.getConnectTimeout() > 0) {
      builder.connectTimeout(Duration.ofMillis(config.getConnectTimeout()));
    }
    SSLContext sslContext = config.isIgnoreSSLVerification()
        ? TlsTrust.trustAnything()
        : config.getSslContext();
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    return builder.build();
  }

  private static java.net.http.HttpRequest toJdkRequest(HttpRequest<?> request, Config config) {
    java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.getUrl()));
    if (config.getReadTimeout() > 0) {
      builder.timeout(Duration.ofMillis(config.getReadTimeout()));
    }
    boolean contentTypeSet = false;
    for (Map.Entry<String, Object> header : request.getHeaders().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (RESTRICTED_HEADERS.contains(name) || header.getValue() == null) {
        continue;
      }
      contentTypeSet |= name.equals("content-type");
      builder.header(header.getKey(), String.valueOf(header.getValue()));
    }
    byte[] body = body(request);
    if (body != null && !contentTypeSet) {
      builder.header(ClientConstants.HEADER_CONTENT_TYPE,
          request.getEntity() != null ? request.getContentType() : ClientConstants.CONTENT_TYPE_JSON);
    }
    BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body);
    return builder.method(request.getMethod().name(), publisher).build();
  }

  private static byte[] body(HttpRequest<?> request) {
    Object entity = request.getEntity();
    try {
      if (entity instanceof InputStream stream) {
        return stream.readAllBytes();
      }
      if (entity != null) {
        return ObjectMapperSingleton.getContext(entity.getClass()).writer().writeValueAsBytes(entity);
      }
    } catch (IOException e) {
      throw new ClientResponseException("cannot write the request body of " + request.getMethod(), 0, e);
    }
    return request.hasJson() ? request.getJson().getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
  }

  private static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath();
  }

  /** What went wrong, in words an admin reading a SparkCluster's condition understands. */
  private static String describe(Throwable cause) {
    if (cause instanceof java.net.http.HttpConnectTimeoutException) {
      return "connection timed out";
    }
    if (cause instanceof java.net.ConnectException && (cause.getMessage() == null || cause.getMessage().isBlank())) {
      // what the JDK client reports for a refused connection
      return "connection refused";
    }
    if (cause instanceof java.nio.channels.UnresolvedAddressException) {
      return "unknown host";
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** A fully read response; closing it is a no-op. */
  private static final class Response implements HttpResponse {
    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    Response(int status, Map<String, java.util.List<String>> headers, byte[] body) {
      this.status = status;
      this.body = body == null ? new byte[0] : body;
      Map<String, String> firstValues = new LinkedHashMap<>();
      headers.forEach((name, values) -> {
        if (!values.isEmpty()) {
          firstValues.put(name, values.get(0));
        }
      });
      this.headers = Collections.unmodifiableMap(firstValues);
    }

    @Override
    public <T> T getEntity(Class<T> returnType) {
      return getEntity(returnType, null);
    }

    @Override
    public <T> T getEntity(Class<T> returnType, ExecutionOptions<T> options) {
      return HttpEntityHandler.handle(this, returnType, options, true);
    }

    @Override
    public <T> T readEntity(Class<T> typeToReadAs) {
      try {
        return ObjectMapperSingleton.getContext(typeToReadAs).readerFor(typeToReadAs).readValue(body);
      } catch (IOException e) {
        throw new ClientResponseException(
            "cannot read a " + typeToReadAs.getSimpleName() + " from the answer (HTTP " + status + ")", status, e);
      }
    }

    @Override
    public int getStatus() {
      return status;
    }

    @Override
    public String getContentType() {
      return header(ClientConstants.HEADER_CONTENT_TYPE);
    }

    @Override
    public String getStatusMessage() {
      return "HTTP " + status;
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(body);
    }

    @Override
    public String header(String name) {
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name)) {
          return header.getValue();
        }
      }
      return null;
    }

    @Override
    public Map<String, String> headers() {
      return headers;
    }

    @Override
    public void close() {}
  }
}
