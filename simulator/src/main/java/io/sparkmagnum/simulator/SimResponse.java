package io.sparkmagnum.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response ready to be written: status, extra headers and an optional JSON (or empty) body. */
final class SimResponse {
  private final int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final byte[] body;

  private SimResponse(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  static SimResponse json(int status, Object document) {
    SimResponse response = new SimResponse(status, Json.write(document));
    response.headers.put("Content-Type", "application/json");
    return response;
  }

  static SimResponse empty(int status) {
    return new SimResponse(status, new byte[0]);
  }

  SimResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  void write(HttpExchange exchange) throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
    // -1 tells the JDK server there is no body (required for 204)
    exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
