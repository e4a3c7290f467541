package io.sparkmagnum.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain JDK HTTP client for the simulator's two services, speaking JSON. */
final class ApiClient {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** One HTTP answer; json is null when the body is empty or not JSON. */
  record Answer(int status, HttpHeaders headers, String body, JsonNode json) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final OpenStackSimulator sim;

  ApiClient(OpenStackSimulator sim) {
    this.sim = sim;
  }

  /** A request to Keystone; path relative to the server root, e.g. "/v3/auth/tokens". */
  Answer keystone(String method, String path, Object body, Map<String, String> headers) {
    return keystone(method, path, body, headers, Duration.ofSeconds(10));
  }

  Answer keystone(String method, String path, Object body, Map<String, String> headers, Duration timeout) {
    String root = sim.authUrl().substring(0, sim.authUrl().length() - "/v3".length());
    return send(method, root + path, body, headers, timeout);
  }

  /** A request to Magnum; path relative to the server root, e.g. "/v1/clusters". */
  Answer magnum(String method, String path, Object body, String token, String... headerPairs) {
    return magnum(method, path, body, token, Duration.ofSeconds(10), headerPairs);
  }

  Answer magnum(String method, String path, Object body, String token, Duration timeout, String... headerPairs) {
    String root = sim.magnumUrl().substring(0, sim.magnumUrl().length() - "/v1".length());
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (token != null) {
      headers.put("X-Auth-Token", token);
    }
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.put(headerPairs[i], headerPairs[i + 1]);
    }
    return send(method, root + path, body, headers, timeout);
  }

  Answer magnumGet(String path, String token) {
    return magnum("GET", path, null, token);
  }

  /** POST /v3/auth/tokens with a password, the user and project given by name in domain Default. */
  Answer passwordAuth(String user, String password, String project) {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", java.util.List.of("password"),
                    "password",
                        Map.of(
                            "user",
                            Map.of("name", user, "domain", Map.of("name", "Default"), "password", password))),
                "scope", Map.of("project", Map.of("name", project, "domain", Map.of("name", "Default")))));
    return keystone("POST", "/v3/auth/tokens", body, Map.of());
  }

  /** POST /v3/auth/tokens with an application credential by id. */
  Answer applicationCredentialAuth(String id, String secret) {
    Map<String, Object> body =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods", java.util.List.of("application_credential"),
                    "application_credential", Map.of("id", id, "secret", secret))));
    return keystone("POST", "/v3/auth/tokens", body, Map.of());
  }

  /** A token of the demo user scoped to the demo project. */
  String demoToken() {
    Answer answer = passwordAuth(DemoCloud.USER_NAME, DemoCloud.PASSWORD, DemoCloud.PROJECT_NAME);
    if (answer.status() != 201) {
      throw new IllegalStateException("demo token refused: " + answer.status() + " " + answer.body());
    }
    return answer.header("X-Subject-Token");
  }

  /** POST /v1/clusters with a name and template; returns the new uuid. */
  String createCluster(String token, String name, String template, int nodeCount) {
    Answer answer =
        magnum(
            "POST",
            "/v1/clusters",
            Map.of("name", name, "cluster_template_id", template, "node_count", nodeCount),
            token);
    if (answer.status() != 202) {
      throw new IllegalStateException("create refused: " + answer.status() + " " + answer.body());
    }
    return answer.json().get("uuid").asText();
  }

  Answer send(String method, String url, Object body, Map<String, String> headers, Duration timeout) {
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(
                  body instanceof String text ? text : MAPPER.writeValueAsString(body));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(timeout).method(method, publisher);
      request.header("Accept", "application/json");
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      headers.forEach(request::header);
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      if (!response.body().isEmpty()) {
        try {
          json = MAPPER.readTree(response.body());
        } catch (IOException notJson) {
          json = null;
        }
      }
      return new Answer(response.statusCode(), response.headers(), response.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
