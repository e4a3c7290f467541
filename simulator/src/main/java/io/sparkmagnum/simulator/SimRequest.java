package io.sparkmagnum.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One HTTP request as the simulated services see it: method, path segments, query, headers, body. */
final class SimRequest {
  private final String method;
  private final String path;
  private final List<String> segments;
  private final Map<String, String> query;
  private final com.sun.net.httpserver.Headers headers;
  private final byte[] body;
  private final String hostUrl;

  private SimRequest(
      String method,
      String path,
      Map<String, String> query,
      com.sun.net.httpserver.Headers headers,
      byte[] body,
      String hostUrl) {
    this.method = method;
    this.path = path;
    this.segments = splitPath(path);
    this.query = query;
    this.headers = headers;
    this.body = body;
    this.hostUrl = hostUrl;
  }

  static SimRequest read(HttpExchange exchange, String fallbackHostUrl) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String host = exchange.getRequestHeaders().getFirst("Host");
    String hostUrl = host == null || host.isBlank() ? fallbackHostUrl : "http://" + host;
    return new SimRequest(
        exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT),
        exchange.getRequestURI().getRawPath(),
        parseQuery(exchange.getRequestURI().getRawQuery()),
        exchange.getRequestHeaders(),
        body,
        hostUrl);
  }

  private static List<String> splitPath(String rawPath) {
    List<String> result = new ArrayList<>();
    for (String part : rawPath.split("/")) {
      if (!part.isEmpty()) {
        result.add(decode(part));
      }
    }
    return List.copyOf(result);
  }

  private static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    Arrays.stream(rawQuery.split("&"))
        .filter(pair -> !pair.isEmpty())
        .forEach(
            pair -> {
              int eq = pair.indexOf('=');
              String key = eq < 0 ? pair : pair.substring(0, eq);
              String value = eq < 0 ? "" : pair.substring(eq + 1);
              result.putIfAbsent(decode(key), decode(value));
            });
    return result;
  }

  /** Percent-decoded text; a malformed escape is kept as sent rather than failing the request. */
  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  List<String> segments() {
    return segments;
  }

  /** The path segment at index, or null when the path is shorter. */
  String segment(int index) {
    return index < segments.size() ? segments.get(index) : null;
  }

  Map<String, String> query() {
    return query;
  }

  String header(String name) {
    return headers.getFirst(name);
  }

  byte[] body() {
    return body;
  }

  /** Scheme, host and port the client used, as the real services build their links from. */
  String hostUrl() {
    return hostUrl;
  }
}
