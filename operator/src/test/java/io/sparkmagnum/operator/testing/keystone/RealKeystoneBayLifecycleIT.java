package io.sparkmagnum.operator.testing.keystone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sparkmagnum.operator.openstack.Bay;
import io.sparkmagnum.operator.openstack.BayCreateRequest;
import io.sparkmagnum.operator.openstack.CloudCredentials;
import io.sparkmagnum.operator.openstack.MagnumBays;
import io.sparkmagnum.operator.openstack.OpenStackClouds;
import io.sparkmagnum.operator.openstack.OpenStackException;
import io.sparkmagnum.operator.openstack.OpenStackSettings;
import io.sparkmagnum.simulator.ClusterSnapshot;
import io.sparkmagnum.simulator.ClusterTemplateSeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator's OpenStack client against a real Keystone: it authenticates with a password and
 * with an application credential, finds Magnum in the real catalog and drives a bay through its
 * life in the simulated Magnum behind it.
 */
@Tag("integration")
class RealKeystoneBayLifecycleIT {

  private static final String CLOUD = "openstack";
  private static final String TEMPLATE = "k8s-model";
  private static final String TEMPLATE_UUID = "7d3c1a52-6a4e-4f7b-9c55-3f0e8a9d2b61";
  private static final Duration OPERATION = Duration.ofMillis(500);

  private static RealKeystoneCloud cloud;

  @BeforeAll
  static void startCloud() throws Exception {
    cloud =
        RealKeystoneCloud.start(
            simulator ->
                simulator
                    .clusterTemplate(ClusterTemplateSeed.builder(TEMPLATE).uuid(TEMPLATE_UUID).build())
                    .operationDurations(OPERATION, OPERATION, OPERATION));
  }

  @AfterAll
  static void stopCloud() throws Exception {
    if (cloud != null) {
      cloud.close();
    }
  }

  @Test
  void bayLifecycleWithPassword() throws Exception {
    runBayLifecycle(cloud.keystone().cloudsYamlWithPassword(CLOUD), "bay-password");
  }

  @Test
  void bayLifecycleWithApplicationCredential() throws Exception {
    runBayLifecycle(cloud.keystone().cloudsYamlWithApplicationCredential(CLOUD), "bay-app-credential");
  }

  @Test
  void wrongPasswordIsAnAuthenticationFailureWithoutThePassword() throws Exception {
    String wrongPassword = "not-" + cloud.keystone().password();
    String cloudsYaml =
        cloud.keystone().cloudsYamlWithPassword(CLOUD).replace(cloud.keystone().password(), wrongPassword);
    MagnumBays bays = bays(cloudsYaml);

    OpenStackException refused = catchThrowableOfType(OpenStackException.class, () -> bays.findByName("any"));

    assertThat(refused.kind()).isEqualTo(OpenStackException.Kind.AUTHENTICATION_FAILED);
    assertThat(refused.getMessage()).doesNotContain(wrongPassword);
  }

  @Test
  void magnumRefusesTokensTheRealKeystoneDidNotIssue() throws Exception {
    long refusedBefore = cloud.magnumRequestsRefused();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(cloud.keystone().magnumEndpoint() + "/clusters"))
            .header("X-Auth-Token", "gAAAAAB-forged")
            .build();

    HttpResponse<String> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(cloud.magnumRequestsRefused()).isEqualTo(refusedBefore + 1);
  }

  private static void runBayLifecycle(String cloudsYaml, String name) throws Exception {
    MagnumBays bays = bays(cloudsYaml);
    long forwardedBefore = cloud.magnumRequestsForwarded();

    assertThat(bays.findByName(name)).isEmpty();
    assertThat(bays.template(TEMPLATE).uuid()).isEqualTo(TEMPLATE_UUID);

    String uuid = bays.create(new BayCreateRequest(name, TEMPLATE, 1, 1, null, 60));
    assertThat(bays.findByUuid(uuid)).get().extracting(Bay::status).isEqualTo("CREATE_IN_PROGRESS");
    Bay created = awaitStatus(bays, uuid, "CREATE_COMPLETE");
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.nodeCount()).isEqualTo(1);
    assertThat(created.templateId()).isEqualTo(TEMPLATE_UUID);
    assertThat(bays.findByName(name)).get().extracting(Bay::uuid).isEqualTo(uuid);
    assertThat(cloud.simulator().cluster(uuid))
        .get()
        .extracting(ClusterSnapshot::projectId)
        .isEqualTo(cloud.keystone().projectId());

    bays.resize(uuid, 3);
    Bay resized = awaitStatus(bays, uuid, "UPDATE_COMPLETE");
    assertThat(resized.nodeCount()).isEqualTo(3);

    bays.delete(uuid);
    await().atMost(Duration.ofSeconds(30)).until(() -> bays.findByUuid(uuid).isEmpty());
    assertThat(bays.findByName(name)).isEmpty();
    assertThat(cloud.simulator().clusterHistory())
        .filteredOn(cluster -> cluster.uuid().equals(uuid))
        .singleElement()
        .extracting(ClusterSnapshot::deleted)
        .isEqualTo(true);
    // Every call above went through the Magnum endpoint of the real catalog with a token the real
    // Keystone vouched for: the simulator is reachable from the catalog only through that check.
    assertThat(cloud.magnumRequestsForwarded()).isGreaterThan(forwardedBefore);
  }

  private static Bay awaitStatus(MagnumBays bays, String uuid, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> bays.findByUuid(uuid).orElseThrow(), bay -> bay.status().equals(status));
  }

  private static MagnumBays bays(String cloudsYaml) throws Exception {
    return new OpenStackClouds(OpenStackSettings.defaults(), new SimpleMeterRegistry())
        .bays(CloudCredentials.parse(cloudsYaml, CLOUD, null));
  }
}
