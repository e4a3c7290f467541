package io.sparkmagnum.operator.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sparkmagnum.operator.openstack.OpenStackException.Kind;
import io.sparkmagnum.simulator.ClusterSeed;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.ManualClock;
import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.simulator.Operations;
import io.sparkmagnum.simulator.Service;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@link MagnumBays} over HTTP against the Keystone + Magnum simulator: every operation,
 * every fault, and what each costs in tokens and calls (the simulator's counters) and in metrics.
 */
@Tag("integration")
class OpenStackMagnumBaysIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final OpenStackSettings SETTINGS = OpenStackSettings.defaults().withTimeouts(TIMEOUT, TIMEOUT);

  private final ManualClock clock = ManualClock.startingNow();
  private OpenStackSimulator simulator;
  private SimulatedCloud cloud;
  private LogCapture logs;

  @BeforeEach
  void start() {
    logs = new LogCapture();
    start(OpenStackSimulator.builder().demoSeed().clock(clock), SETTINGS);
  }

  private void start(OpenStackSimulator.Builder builder, OpenStackSettings settings) {
    if (simulator != null) {
      simulator.close();
    }
    simulator = builder.start();
    cloud = new SimulatedCloud(simulator, settings, clock);
  }

  @AfterEach
  void stop() {
    simulator.close();
    assertThat(logs.texts()).noneMatch(text -> text != null && (text.contains(DemoCloud.PASSWORD)
        || text.contains(DemoCloud.APPLICATION_CREDENTIAL_SECRET) || text.contains("wrong-password")));
    logs.close();
  }

  private long magnumCalls(String operation) {
    return simulator.counters().magnumCalls(operation);
  }

  private long allMagnumCalls() {
    return simulator.counters().magnumCalls().values().stream().mapToLong(Long::longValue).sum();
  }

  @Nested
  class Tokens {

    @Test
    void oneTokenServesEveryCallOfOneCredentials() throws Exception {
      MagnumBays bays = cloud.bays();
      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      bays.template(DemoCloud.TEMPLATE_NAME);
      bays.findByName(DemoCloud.CLUSTER_NAME);
      bays.caCertificate(DemoCloud.CLUSTER_UUID);
      cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID);

      assertThat(cloud.bays()).isSameAs(bays);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);
      assertThat(simulator.counters().keystoneCalls(Operations.TOKENS_CREATE)).isEqualTo(1);
      assertThat(simulator.counters().tokensIssuedToUser(DemoCloud.USER_ID)).isEqualTo(1);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(3);
      assertThat(magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(1);
      assertThat(magnumCalls(Operations.CLUSTER_TEMPLATES_GET)).isEqualTo(1);
      assertThat(magnumCalls(Operations.CERTIFICATES_GET)).isEqualTo(1);
      assertThat(cloud.tokensIssued("password")).isEqualTo(1);
      assertThat(cloud.requests(RequestMetrics.IDENTITY, KeystoneTokens.OPERATION, "success")).isEqualTo(1);
      assertThat(cloud.magnumRequests("clusters.get", "success")).isEqualTo(3);
    }

    @Test
    void anApplicationCredentialIsExchangedForAToken() throws Exception {
      MagnumBays bays = cloud.clouds.bays(cloud.applicationCredential());

      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID)).isPresent();
      assertThat(bays.template(DemoCloud.TEMPLATE_NAME).uuid()).isEqualTo(DemoCloud.TEMPLATE_UUID);

      assertThat(simulator.counters().tokensIssuedToApplicationCredential(DemoCloud.APPLICATION_CREDENTIAL_ID))
          .isEqualTo(1);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);
      assertThat(cloud.tokensIssued("application_credential")).isEqualTo(1);
    }

    @Test
    void aTokenIsReplacedShortlyBeforeItExpires() throws Exception {
      MagnumBays bays = cloud.bays();
      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      clock.advance(Duration.ofMinutes(54));
      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(2)); // 56 min: within the 5 min margin of the 1 h lifetime
      bays.findByUuid(DemoCloud.CLUSTER_UUID);

      assertThat(simulator.counters().tokensIssued()).isEqualTo(2);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(3);
      assertThat(cloud.magnumRequests("clusters.get", "authentication_failed")).isZero();
    }

    @Test
    void aRevokedTokenCostsOneReauthenticationAndOneRetry() throws Exception {
      MagnumBays bays = cloud.bays();
      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      simulator.faults().invalidateAllTokens();

      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID)).isPresent();

      assertThat(simulator.counters().tokensIssued()).isEqualTo(2);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(3);
      assertThat(cloud.magnumRequests("clusters.get", "authentication_failed")).isEqualTo(1);
      assertThat(cloud.magnumRequests("clusters.get", "success")).isEqualTo(2);

      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(2);
    }

    @Test
    void aSecond401AfterReauthenticationIsAnAuthenticationFailure() throws Exception {
      MagnumBays bays = cloud.bays();
      simulator.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_GET, 2, 401);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION_FAILED);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(2);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(2);
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureWithoutAnyMagnumCall() throws Exception {
      MagnumBays bays = cloud.clouds.bays(cloud.password("wrong-password"));

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.AUTHENTICATION_FAILED);
      assertThat(failure.getMessage()).contains("Keystone").doesNotContain("wrong-password");
      assertThat(simulator.counters().tokensIssued()).isZero();
      assertThat(simulator.counters().keystoneCalls(Operations.TOKENS_CREATE)).isEqualTo(1);
      assertThat(allMagnumCalls()).isZero();
      assertThat(cloud.requests(RequestMetrics.IDENTITY, KeystoneTokens.OPERATION, "authentication_failed"))
          .isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreNotTriedAgainForAMinute() throws Exception {
      MagnumBays bays = cloud.clouds.bays(cloud.password("wrong-password"));
      for (int i = 0; i < 3; i++) {
        assertThat(catchThrowableOfType(OpenStackException.class, () -> bays.findByUuid(DemoCloud.CLUSTER_UUID)).kind())
            .isEqualTo(Kind.AUTHENTICATION_FAILED);
      }
      assertThat(simulator.counters().keystoneCalls(Operations.TOKENS_CREATE)).isEqualTo(1);

      clock.advance(KeystoneTokens.REFUSED_CREDENTIALS_BACKOFF.plusSeconds(1));
      catchThrowableOfType(OpenStackException.class, () -> bays.findByUuid(DemoCloud.CLUSTER_UUID));
      assertThat(simulator.counters().keystoneCalls(Operations.TOKENS_CREATE)).isEqualTo(2);

      // the Secret fixed: new credentials, asked at once
      assertThat(cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID)).isPresent();
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);
    }

    @Test
    void keystoneDownIsUnavailable() throws Exception {
      simulator.faults().keystoneDown(true);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(allMagnumCalls()).isZero();
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0)) {
        closedPort = socket.getLocalPort();
      }
      CloudCredentials credentials = CloudCredentials.parse("""
          clouds:
            openstack:
              auth:
                auth_url: http://127.0.0.1:%d/v3
                user_id: u
                password: p
                project_id: p
          """.formatted(closedPort), null, null);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> cloud.clouds.bays(credentials).findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(cloud.requests(RequestMetrics.IDENTITY, KeystoneTokens.OPERATION, "unavailable")).isEqualTo(1);
    }

    @Test
    void aCatalogWithoutMagnumInTheRegionIsUnavailable() throws Exception {
      CloudCredentials elsewhere = CloudCredentials.parse(
          """
          clouds:
            openstack:
              auth:
                auth_url: %s
                application_credential_id: %s
                application_credential_secret: %s
              region_name: RegionTwo
          """.formatted(simulator.authUrl(), DemoCloud.APPLICATION_CREDENTIAL_ID,
              DemoCloud.APPLICATION_CREDENTIAL_SECRET), null, null);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> cloud.clouds.bays(elsewhere).findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.getMessage()).contains("container-infra", "RegionTwo");
      assertThat(allMagnumCalls()).isZero();
    }

    @Test
    void concurrentFirstCallsShareOneToken() throws Exception {
      MagnumBays bays = cloud.bays();
      int threads = 8;
      CountDownLatch ready = new CountDownLatch(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<Optional<Bay>>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          results.add(pool.submit((Callable<Optional<Bay>>) () -> {
            ready.countDown();
            ready.await();
            return bays.findByUuid(DemoCloud.CLUSTER_UUID);
          }));
        }
        for (Future<Optional<Bay>> result : results) {
          assertThat(result.get()).isPresent();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(threads);
    }

    @Test
    void invalidatedOrIdleCredentialsGetANewSession() throws Exception {
      start(OpenStackSimulator.builder().demoSeed().clock(clock),
          SETTINGS.withIdleSessionTimeout(Duration.ofMinutes(10)));
      MagnumBays first = cloud.bays();
      first.findByUuid(DemoCloud.CLUSTER_UUID);

      cloud.clouds.invalidate(cloud.password());
      MagnumBays second = cloud.bays();
      second.findByUuid(DemoCloud.CLUSTER_UUID);
      assertThat(second).isNotSameAs(first);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(2);

      clock.advance(Duration.ofMinutes(11));
      assertThat(cloud.bays()).isNotSameAs(second);
    }
  }

  @Nested
  class Lookups {

    @Test
    void findsTheFullBayByUuid() throws Exception {
      Bay bay = cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID).orElseThrow();

      var seeded = simulator.cluster(DemoCloud.CLUSTER_UUID).orElseThrow();
      assertThat(bay).isEqualTo(new Bay(DemoCloud.CLUSTER_UUID, DemoCloud.CLUSTER_NAME, "CREATE_COMPLETE",
          seeded.statusReason(), seeded.apiAddress(), 2, 1, seeded.clusterTemplateId()));
      assertThat(bay.apiAddress()).startsWith("https://");
      assertThat(bay.complete()).isTrue();
    }

    @Test
    void anUnknownUuidIsEmpty() throws Exception {
      assertThat(cloud.bays().findByUuid("00000000-0000-4000-8000-000000000000")).isEmpty();

      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(1);
      assertThat(cloud.magnumRequests("clusters.get", "not_found")).isEqualTo(1);
    }

    @Test
    void findsByExactNameOnly() throws Exception {
      String otherCase = simulator.addCluster(ClusterSeed.builder("Demo-Bay", DemoCloud.TEMPLATE_NAME).build());
      MagnumBays bays = cloud.bays();

      assertThat(bays.findByName(DemoCloud.CLUSTER_NAME)).map(Bay::uuid).contains(DemoCloud.CLUSTER_UUID);
      assertThat(bays.findByName("Demo-Bay")).map(Bay::uuid).contains(otherCase);
      assertThat(bays.findByName("demo")).isEmpty();
      assertThat(bays.findByName(DemoCloud.CLUSTER_UUID)).isEmpty();

      assertThat(magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(4);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(2);
    }

    @Test
    void twoBaysWithTheNameAreAmbiguous() throws Exception {
      String twin = simulator.addCluster(ClusterSeed.builder(DemoCloud.CLUSTER_NAME, DemoCloud.TEMPLATE_NAME).build());
      MagnumBays bays = cloud.bays();

      OpenStackException byList = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByName(DemoCloud.CLUSTER_NAME));
      assertThat(byList.kind()).isEqualTo(Kind.AMBIGUOUS);
      assertThat(byList.getMessage()).contains(DemoCloud.CLUSTER_UUID, twin);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isZero();

      // Magnum's own answer to a GET by a shared name: 409
      OpenStackException byGet = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByUuid(DemoCloud.CLUSTER_NAME));
      assertThat(byGet.kind()).isEqualTo(Kind.AMBIGUOUS);
      assertThat(byGet.getMessage()).contains("HTTP 409");
      assertThat(cloud.magnumRequests("clusters.get", "ambiguous")).isEqualTo(1);
    }

    @Test
    void followsTheListPageByPage() throws Exception {
      start(OpenStackSimulator.builder().demoSeed().clock(clock), SETTINGS.withListPageSize(3));
      for (int i = 0; i < 7; i++) {
        simulator.addCluster(ClusterSeed.builder("bay-" + i, DemoCloud.TEMPLATE_NAME).build());
      }
      MagnumBays bays = cloud.bays();

      for (int i = 0; i < 7; i++) {
        assertThat(bays.findByName("bay-" + i)).isPresent();
      }
      assertThat(bays.findByName("absent")).isEmpty();

      // 8 bays in pages of 3: 3 + 3 + 2, each lookup reads them all
      assertThat(magnumCalls(Operations.CLUSTERS_LIST)).isEqualTo(8 * 3);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(7);
    }

    @Test
    void readsTemplatesByNameOrUuid() throws Exception {
      MagnumBays bays = cloud.bays();

      assertThat(bays.template(DemoCloud.TEMPLATE_NAME))
          .isEqualTo(new BayTemplate(DemoCloud.TEMPLATE_UUID, DemoCloud.TEMPLATE_NAME, "kubernetes", false));
      assertThat(bays.template(DemoCloud.PLAIN_HTTP_TEMPLATE_UUID).tlsDisabled()).isTrue();

      OpenStackException missing = catchThrowableOfType(OpenStackException.class, () -> bays.template("no such model"));
      assertThat(missing.kind()).isEqualTo(Kind.NOT_FOUND);
      assertThat(missing.getMessage()).contains("no such model", "HTTP 404");
      assertThat(magnumCalls(Operations.CLUSTER_TEMPLATES_GET)).isEqualTo(3);
    }

    @Test
    void remembersTheTemplateOfABayOnceRead() throws Exception {
      MagnumBays bays = cloud.bays();
      Bay bay = bays.findByUuid(DemoCloud.CLUSTER_UUID).orElseThrow();

      assertThat(bays.templateOf(bay).uuid()).isEqualTo(bay.templateId());
      assertThat(bays.templateOf(bay)).isEqualTo(bays.templateOf(bay));
      assertThat(magnumCalls(Operations.CLUSTER_TEMPLATES_GET)).isEqualTo(1);

      // a template read by name for a create serves the new bay's kubeconfig too
      BayTemplate byName = bays.template(DemoCloud.PLAIN_HTTP_TEMPLATE_NAME);
      String uuid = bays.create(new BayCreateRequest("remembered", DemoCloud.PLAIN_HTTP_TEMPLATE_NAME, 1, 1, null, 60));
      assertThat(bays.templateOf(bays.findByUuid(uuid).orElseThrow())).isEqualTo(byName);
      assertThat(magnumCalls(Operations.CLUSTER_TEMPLATES_GET)).isEqualTo(2);
    }
  }

  @Nested
  class Lifecycle {

    @BeforeEach
    void slowOperations() {
      simulator.operationDurations(Duration.ofMinutes(10), Duration.ofMinutes(3), Duration.ofMinutes(2));
    }

    @Test
    void createsABayThatCompletes() throws Exception {
      MagnumBays bays = cloud.bays();

      String uuid = bays.create(new BayCreateRequest("spark-team-a-analytics", DemoCloud.TEMPLATE_NAME, 2, 1, "mykey", 60));

      var created = simulator.cluster(uuid).orElseThrow();
      assertThat(created.name()).isEqualTo("spark-team-a-analytics");
      assertThat(created.nodeCount()).isEqualTo(2);
      assertThat(created.masterCount()).isEqualTo(1);
      assertThat(created.keypair()).isEqualTo("mykey");
      assertThat(created.clusterTemplateId()).isEqualTo(DemoCloud.TEMPLATE_UUID);
      assertThat(bays.findByUuid(uuid).orElseThrow().inProgress()).isTrue();

      clock.advance(Duration.ofMinutes(10));
      Bay bay = bays.findByUuid(uuid).orElseThrow();
      assertThat(bay.status()).isEqualTo("CREATE_COMPLETE");
      assertThat(bay.apiAddress()).isNotNull();
      assertThat(magnumCalls(Operations.CLUSTERS_CREATE)).isEqualTo(1);
      assertThat(simulator.clustersCreatedThroughApi()).isEqualTo(1);
    }

    @Test
    void surfacesTheReasonOfAFailedCreate() throws Exception {
      String reason = "Resource CREATE failed: Forbidden: Quota exceeded for instances";
      simulator.faults().failClusterCreation("doomed", reason);
      MagnumBays bays = cloud.bays();

      String uuid = bays.create(new BayCreateRequest("doomed", DemoCloud.TEMPLATE_NAME, 1, 1, null, 60));
      clock.advance(Duration.ofMinutes(10));
      Bay bay = bays.findByUuid(uuid).orElseThrow();

      assertThat(bay.status()).isEqualTo("CREATE_FAILED");
      assertThat(bay.failed()).isTrue();
      assertThat(bay.statusReason()).isEqualTo(reason);
    }

    @Test
    void resizesACompleteBay() throws Exception {
      MagnumBays bays = cloud.bays();

      bays.resize(DemoCloud.CLUSTER_UUID, 3);
      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID).orElseThrow().status()).isEqualTo("UPDATE_IN_PROGRESS");
      clock.advance(Duration.ofMinutes(3));

      Bay bay = bays.findByUuid(DemoCloud.CLUSTER_UUID).orElseThrow();
      assertThat(bay.status()).isEqualTo("UPDATE_COMPLETE");
      assertThat(bay.nodeCount()).isEqualTo(3);
      assertThat(magnumCalls(Operations.CLUSTERS_UPDATE)).isEqualTo(1);
    }

    @Test
    void deletesABayUntilItIsGone() throws Exception {
      MagnumBays bays = cloud.bays();

      bays.delete(DemoCloud.CLUSTER_UUID);
      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID).orElseThrow().status()).isEqualTo("DELETE_IN_PROGRESS");
      clock.advance(Duration.ofMinutes(2));
      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID)).isEmpty();

      bays.delete(DemoCloud.CLUSTER_UUID); // already gone: fine
      assertThat(magnumCalls(Operations.CLUSTERS_DELETE)).isEqualTo(2);
      assertThat(cloud.magnumRequests("clusters.delete", "not_found")).isEqualTo(1);
      assertThat(simulator.clustersDeleted()).isEqualTo(1);
    }

    /**
     * What one bay costs, called as the reconciler does: template check, lookup by name, create,
     * polls until complete, resize, polls, delete, polls until 404; a poll every 15 s.
     */
    @Test
    void oneBayLifecycleCostsOneTokenAndOneCallPerStep() throws Exception {
      MagnumBays bays = cloud.bays();
      Duration pollInterval = Duration.ofSeconds(15);
      int polls = 0;

      bays.template(DemoCloud.TEMPLATE_NAME);
      assertThat(bays.findByName("spark-lifecycle")).isEmpty();
      String uuid = bays.create(new BayCreateRequest("spark-lifecycle", DemoCloud.TEMPLATE_NAME, 1, 1, null, 60));
      Bay bay;
      do {
        clock.advance(pollInterval);
        bay = bays.findByUuid(uuid).orElseThrow();
        polls++;
      } while (bay.inProgress());
      assertThat(bay.status()).isEqualTo("CREATE_COMPLETE");
      int createPolls = polls;

      bays.resize(uuid, 3);
      do {
        clock.advance(pollInterval);
        bay = bays.findByUuid(uuid).orElseThrow();
        polls++;
      } while (bay.inProgress());
      assertThat(bay.status()).isEqualTo("UPDATE_COMPLETE");
      assertThat(bay.nodeCount()).isEqualTo(3);
      int resizePolls = polls - createPolls;

      bays.delete(uuid);
      Optional<Bay> gone;
      do {
        clock.advance(pollInterval);
        gone = bays.findByUuid(uuid);
        polls++;
      } while (gone.isPresent());
      int deletePolls = polls - createPolls - resizePolls;

      Map<String, Long> magnum = simulator.counters().magnumCalls();
      System.out.printf("One bay lifecycle (create 10 min, resize 3 min, delete 2 min, poll every %ss): "
              + "%d Keystone token(s), Magnum calls %s, polls create/resize/delete %d/%d/%d%n",
          pollInterval.toSeconds(), simulator.counters().tokensIssued(), magnum, createPolls, resizePolls, deletePolls);
      assertThat(simulator.counters().tokensIssued()).isEqualTo(1);
      assertThat(magnum).containsExactlyInAnyOrderEntriesOf(Map.of(
          Operations.CLUSTER_TEMPLATES_GET, 1L,
          Operations.CLUSTERS_LIST, 1L,
          Operations.CLUSTERS_CREATE, 1L,
          Operations.CLUSTERS_GET, (long) polls,
          Operations.CLUSTERS_UPDATE, 1L,
          Operations.CLUSTERS_DELETE, 1L));
    }
  }

  @Nested
  class Certificates {

    @Test
    void readsTheCaOfTheBay() throws Exception {
      assertThat(cloud.bays().caCertificate(DemoCloud.CLUSTER_UUID))
          .isEqualTo(simulator.clusterCaCertificate(DemoCloud.CLUSTER_UUID));
    }

    @Test
    void signsAnAdminCertificateForTheBay() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair keys = generator.generateKeyPair();
      StringWriter csr = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(csr)) {
        writer.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=admin,O=system:masters"), keys.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
      }

      String pem = cloud.bays().signCertificate(DemoCloud.CLUSTER_UUID, csr.toString());

      X509Certificate certificate = certificate(pem);
      X509Certificate ca = certificate(simulator.clusterCaCertificate(DemoCloud.CLUSTER_UUID));
      certificate.verify(ca.getPublicKey());
      assertThat(certificate.getSubjectX500Principal().getName()).contains("CN=admin", "O=system:masters");
      assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
      assertThat(magnumCalls(Operations.CERTIFICATES_SIGN)).isEqualTo(1);
    }

    @Test
    void aBayWithoutCertificatesIsNotFound() throws Exception {
      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> cloud.bays().caCertificate("00000000-0000-4000-8000-000000000000"));
      assertThat(failure.kind()).isEqualTo(Kind.NOT_FOUND);
    }

    private X509Certificate certificate(String pem) throws Exception {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  @Nested
  class Faults {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 429})
    void serverTroubleIsUnavailableAndNotRetried(int status) throws Exception {
      MagnumBays bays = cloud.bays();
      simulator.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_GET, 1, status);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByUuid(DemoCloud.CLUSTER_UUID));

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(failure.transientFailure()).isTrue();
      assertThat(failure.getMessage()).contains("HTTP " + status);
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(1);
      assertThat(cloud.magnumRequests("clusters.get", "unavailable")).isEqualTo(1);
      assertThat(bays.findByUuid(DemoCloud.CLUSTER_UUID)).isPresent();
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsUnavailable() throws Exception {
      start(OpenStackSimulator.builder().demoSeed().clock(clock),
          SETTINGS.withTimeouts(TIMEOUT, Duration.ofMillis(300)));
      MagnumBays bays = cloud.bays();
      bays.findByUuid(DemoCloud.CLUSTER_UUID);
      simulator.faults().delayNext(Service.MAGNUM, Operations.CLUSTERS_GET, 1, Duration.ofSeconds(10));

      long started = System.nanoTime();
      OpenStackException failure = catchThrowableOfType(OpenStackException.class,
          () -> bays.findByUuid(DemoCloud.CLUSTER_UUID));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(failure.kind()).isEqualTo(Kind.UNAVAILABLE);
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      assertThat(magnumCalls(Operations.CLUSTERS_GET)).isEqualTo(2);
    }

    @Test
    void forbiddenIsForbidden() throws Exception {
      simulator.faults().failNext(Service.MAGNUM, Operations.CLUSTERS_CREATE, 1, 403);

      OpenStackException failure = catchThrowableOfType(OpenStackException.class, () -> cloud.bays()
          .create(new BayCreateRequest("spark-x", DemoCloud.TEMPLATE_NAME, 1, 1, null, 60)));

      assertThat(failure.kind()).isEqualTo(Kind.FORBIDDEN);
      assertThat(magnumCalls(Operations.CLUSTERS_CREATE)).isEqualTo(1);
      assertThat(simulator.clustersCreatedThroughApi()).isZero();
    }

    @Test
    void aRefusedRequestCarriesMagnumsDetail() throws Exception {
      OpenStackException failure = catchThrowableOfType(OpenStackException.class, () -> cloud.bays()
          .create(new BayCreateRequest("spark-x", "no-such-model", 1, 1, null, 60)));

      assertThat(failure.kind()).isEqualTo(Kind.REJECTED);
      assertThat(failure.getMessage()).contains("creating bay spark-x", "HTTP 400", "no-such-model");
      assertThat(cloud.magnumRequests("clusters.create", "rejected")).isEqualTo(1);
    }

    @Test
    void sendsTheConfiguredMicroversion() throws Exception {
      start(OpenStackSimulator.builder().demoSeed().clock(clock).microversions("1.3", "1.11"), SETTINGS);
      OpenStackException tooOld = catchThrowableOfType(OpenStackException.class,
          () -> cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID));
      assertThat(tooOld.kind()).isEqualTo(Kind.REJECTED);
      assertThat(tooOld.getMessage()).contains("HTTP 406", "1.2");

      start(OpenStackSimulator.builder().demoSeed().clock(clock).microversions("1.3", "1.11"),
          SETTINGS.withMagnumMicroversion("1.11"));
      assertThat(cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID)).isPresent();

      start(OpenStackSimulator.builder().demoSeed().clock(clock), SETTINGS.withMagnumMicroversion("1.12"));
      OpenStackException tooNew = catchThrowableOfType(OpenStackException.class,
          () -> cloud.bays().findByUuid(DemoCloud.CLUSTER_UUID));
      assertThat(tooNew.getMessage()).contains("HTTP 406", "1.12");
    }
  }
}
