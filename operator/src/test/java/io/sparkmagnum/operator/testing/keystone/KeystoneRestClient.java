package io.sparkmagnum.operator.testing.keystone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The few Keystone v3 calls that set up {@link RealKeystone}'s test data. Error messages carry the
 * method, path, status and Keystone's answer, never a request body (it may hold a password).
 */
final class KeystoneRestClient {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI v3;

  /** @param v3 the identity URL ending in /v3 */
  KeystoneRestClient(URI v3) {
    this.v3 = v3;
  }

  /** A project-scoped token from a password authentication; domains are given by name. */
  String passwordToken(
      String userName, String userDomain, String password, String projectName, String projectDomain)
      throws IOException, InterruptedException {
    Map<String, Object> auth =
        Map.of(
            "auth",
            Map.of(
                "identity",
                Map.of(
                    "methods",
                    List.of("password"),
                    "password",
                    Map.of(
                        "user",
                        Map.of(
                            "name", userName,
                            "domain", Map.of("name", userDomain),
                            "password", password))),
                "scope",
                Map.of("project", Map.of("name", projectName, "domain", Map.of("name", projectDomain)))));
    HttpResponse<String> response = send("POST", "/auth/tokens", null, auth);
    expect(response, 201, "POST /auth/tokens");
    return response
        .headers()
        .firstValue("X-Subject-Token")
        .orElseThrow(() -> new IllegalStateException("Keystone answered 201 without X-Subject-Token"));
  }

  /** POSTs a JSON body and returns Keystone's answer; fails unless the status is 201. */
  JsonNode create(String path, String token, Object body) throws IOException, InterruptedException {
    HttpResponse<String> response = send("POST", path, token, body);
    expect(response, 201, "POST " + path);
    return JSON.readTree(response.body());
  }

  JsonNode get(String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> response = send("GET", path, token, null);
    expect(response, 200, "GET " + path);
    return JSON.readTree(response.body());
  }

  /** PUT without a body, as role assignments are made; fails unless the status is 204. */
  void put(String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> response = send("PUT", path, token, null);
    expect(response, 204, "PUT " + path);
  }

  private HttpResponse<String> send(String method, String path, String token, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(v3 + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Accept", "application/json");
    if (token != null) {
      request.header("X-Auth-Token", token);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void expect(HttpResponse<String> response, int status, String call) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          call + " answered " + response.statusCode() + " (expected " + status + "): " + response.body());
    }
  }
}
