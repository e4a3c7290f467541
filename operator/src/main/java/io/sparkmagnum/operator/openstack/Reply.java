package io.sparkmagnum.operator.openstack;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.openstack4j.core.transport.HttpResponse;

/** An OpenStack answer read in full: its status and body, with what OpenStack said on a failure. */
record Reply(int status, byte[] body) {

  static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private static final int MAX_DETAIL = 500;

  /** Reads and closes the response. */
  static Reply read(HttpResponse response) throws IOException {
    try (response; InputStream in = response.getInputStream()) {
      return new Reply(response.getStatus(), in == null ? new byte[0] : in.readAllBytes());
    }
  }

  boolean successful() {
    return status >= 200 && status < 300;
  }

  /**
   * The failure kind of a status. 404 is NOT_FOUND only for the caller to interpret: Keystone
   * callers map it differently. 409 means "several share this name" only on a lookup.
   */
  static Kind kindOf(int status, boolean lookup) {
    if (status == 401) {
      return Kind.AUTHENTICATION_FAILED;
    }
    if (status == 403) {
      return Kind.FORBIDDEN;
    }
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    if (status == 409 && lookup) {
      return Kind.AMBIGUOUS;
    }
    if (status == 429 || status >= 500) {
      return Kind.UNAVAILABLE;
    }
    return Kind.REJECTED;
  }

  /**
   * What OpenStack said: Magnum's {@code errors[0].detail} (or title), Keystone's
   * {@code error.message}, else just the status. Never the raw body, which may be a proxy's HTML page.
   */
  String detail() {
    JsonNode root = tree();
    String said = null;
    if (root != null) {
      JsonNode magnumError = root.path("errors").path(0);
      said = firstText(magnumError.path("detail"), magnumError.path("title"),
          root.path("error").path("message"), root.path("faultstring"));
    }
    if (said == null) {
      return "HTTP " + status;
    }
    said = said.strip();
    return "HTTP " + status + ": " + (said.length() > MAX_DETAIL ? said.substring(0, MAX_DETAIL) + "..." : said);
  }

  /** The body as the given type; an unreadable body is a server fault, worth a retry. */
  <T> T as(Class<T> type, String what) throws OpenStackException {
    try {
      T value = JSON.readValue(body, type);
      if (value == null) {
        throw new IOException("empty body");
      }
      return value;
    } catch (IOException e) {
      throw new OpenStackException(Kind.UNAVAILABLE, what + " answered HTTP " + status + " with an unreadable body");
    }
  }

  /** Like {@link #as} and then requires a non-blank field. */
  <T> String required(Class<T> type, Function<T, String> field, String fieldName, String what)
      throws OpenStackException {
    String value = field.apply(as(type, what));
    if (value == null || value.isBlank()) {
      throw new OpenStackException(Kind.UNAVAILABLE, what + " answered HTTP " + status + " without " + fieldName);
    }
    return value;
  }

  private JsonNode tree() {
    if (body.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode candidate : candidates) {
      if (candidate.isTextual() && !candidate.textValue().isBlank()) {
        return candidate.textValue();
      }
    }
    return null;
  }
}
