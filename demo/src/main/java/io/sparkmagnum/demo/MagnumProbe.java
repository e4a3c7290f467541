package io.sparkmagnum.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Asks Magnum about a bay over its HTTP API, as {@code openstack coe cluster show UUID} would, to
 * see with the cloud's own eyes that a bay is gone (404) rather than trusting the operator's status.
 */
final class MagnumProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String authUrl;
  private final String magnumUrl;
  private final String user;
  private final String password;
  private final String project;

  MagnumProbe(String authUrl, String magnumUrl, String user, String password, String project) {
    this.authUrl = authUrl;
    this.magnumUrl = magnumUrl;
    this.user = user;
    this.password = password;
    this.project = project;
  }

  /** The HTTP status of GET /v1/clusters/{uuid}: 200 while the bay exists, 404 once it is deleted. */
  int bayStatusCode(String uuid) throws IOException, InterruptedException {
    HttpRequest show = HttpRequest.newBuilder(URI.create(magnumUrl + "/clusters/" + uuid))
        .timeout(TIMEOUT)
        .header("X-Auth-Token", token())
        .header("Accept", "application/json")
        .GET()
        .build();
    return http.send(show, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private String token() throws IOException, InterruptedException {
    Map<String, Object> domain = Map.of("name", "Default");
    Map<String, Object> body = Map.of("auth", Map.of(
        "identity", Map.of("methods", new String[] {"password"},
            "password", Map.of("user", Map.of("name", user, "domain", domain, "password", password))),
        "scope", Map.of("project", Map.of("name", project, "domain", domain))));
    HttpRequest issue = HttpRequest.newBuilder(URI.create(authUrl + "/auth/tokens"))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<Void> response = http.send(issue, HttpResponse.BodyHandlers.discarding());
    return response.headers().firstValue("X-Subject-Token")
        .orElseThrow(() -> new IOException("Keystone issued no token (HTTP " + response.statusCode() + ")"));
  }
}
