package io.sparkmagnum.operator.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.core.transport.HttpExecutorService;

/**
 * TLS to Keystone through the connector: the JVM's trust store, the Secret's CA bundle (with host
 * name checks) and {@code verify: false}. The server is a TLS endpoint that refuses every token
 * with 401, so AUTHENTICATION_FAILED proves the handshake succeeded and UNAVAILABLE that it failed.
 */
class TlsTrustTest {

  private static HttpsServer keystone;
  private static TestCertificates certificates;
  private static final AtomicInteger TOKEN_REQUESTS = new AtomicInteger();

  @BeforeAll
  static void startKeystone() throws Exception {
    certificates = TestCertificates.forHost("localhost");
    keystone = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    keystone.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    keystone.createContext("/v3/auth/tokens", exchange -> {
      TOKEN_REQUESTS.incrementAndGet();
      byte[] body = "{\"error\": {\"code\": 401, \"message\": \"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(401, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    keystone.start();
  }

  @AfterAll
  static void stopKeystone() {
    keystone.stop(0);
  }

  @Test
  void theOnlyOpenStack4jConnectorIsTheJdkOne() {
    assertThat(ServiceLoader.load(HttpExecutorService.class).stream().map(ServiceLoader.Provider::type))
        .containsExactly(JdkHttpConnector.class);
  }

  @Test
  void refusesAServerThatTheJvmDoesNotTrust() throws Exception {
    assertThat(tokenFailure("localhost", true, null).kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void trustsTheCaBundleOfTheSecret() throws Exception {
    int before = TOKEN_REQUESTS.get();
    OpenStackException failure = tokenFailure("localhost", true, certificates.caPem());
    assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION_FAILED);
    assertThat(failure.getMessage()).contains("requires authentication");
    assertThat(TOKEN_REQUESTS.get()).isEqualTo(before + 1);
  }

  @Test
  void stillChecksTheHostNameWithTheCaBundle() throws Exception {
    assertThat(tokenFailure("127.0.0.1", true, certificates.caPem()).kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void refusesAServerSignedByAnotherCa() throws Exception {
    String otherCa = TestCertificates.forHost("localhost").caPem();
    assertThat(tokenFailure("localhost", true, otherCa).kind()).isEqualTo(Kind.UNAVAILABLE);
  }

  @Test
  void verifyFalseAcceptsAnyCertificateForAnyHost() throws Exception {
    assertThat(tokenFailure("localhost", false, null).kind()).isEqualTo(Kind.AUTHENTICATION_FAILED);
    assertThat(tokenFailure("127.0.0.1", false, null).kind()).isEqualTo(Kind.AUTHENTICATION_FAILED);
  }

  private static OpenStackException tokenFailure(String host, boolean verify, String caPem) throws Exception {
    String yaml = """
        clouds:
          openstack:
            auth:
              auth_url: https://%s:%d/v3
              user_id: u-1
              password: pw
              project_id: p-1
            verify: %s
        """.formatted(host, keystone.getAddress().getPort(), verify);
    CloudCredentials credentials = CloudCredentials.parse(yaml, null, caPem);
    OpenStackClouds clouds = new OpenStackClouds(
        OpenStackSettings.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)), new SimpleMeterRegistry());
    return catchThrowableOfType(OpenStackException.class, () -> clouds.bays(credentials).findByUuid("any"));
  }
}
