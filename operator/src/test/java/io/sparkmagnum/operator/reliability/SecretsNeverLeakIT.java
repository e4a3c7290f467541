package io.sparkmagnum.operator.reliability;

import static io.sparkmagnum.operator.reliability.Observed.awaitReady;
import static io.sparkmagnum.operator.reliability.Observed.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.operator.status.Reasons;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.Operations;
import io.sparkmagnum.simulator.Service;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The canary password, application credential secret and private key (and the bay's client key the
 * operator makes) pass through every path that handles them, working and failing, and show up in no log
 * line, event, status or bay object. Every other class of this suite is watched the same way by its
 * {@link SecretCanary}; this one drives the paths where a credential is most likely to slip out.
 */
@Tag("integration")
class SecretsNeverLeakIT {
  private static final String NAMESPACE = "canary";

  @RegisterExtension
  static final SecretCanary canary = new SecretCanary();

  private static OperatorHarness harness;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start(Canaries::cloud, Map.of());
    canary.inspect(harness.management, harness.bay);
    harness.createNamespace(NAMESPACE);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  private static void secret(Secret secret) {
    harness.management.client().resource(secret).create();
  }

  private static void sparkCluster(String name, String secretName) {
    var cluster = OperatorHarness.sparkCluster(NAMESPACE, name, DemoCloud.TEMPLATE_NAME);
    cluster.getSpec().getCloud().setSecretName(secretName);
    harness.apply(cluster);
  }

  @Test
  void credentialsShowNowhereWhetherTheyWorkOrFail() {
    String authUrl = harness.openstack.authUrl();
    String keystone = authUrl.substring(0, authUrl.length() - "/v3".length());
    Map<String, String> cloudsYamls = new LinkedHashMap<>();
    cloudsYamls.put("password", Canaries.passwordCloudsYaml(authUrl, Canaries.PASSWORD));
    cloudsYamls.put("application-credential", Canaries.applicationCredentialCloudsYaml(authUrl));
    cloudsYamls.put("wrong-password", Canaries.passwordCloudsYaml(authUrl, Canaries.WRONG_PASSWORD));
    cloudsYamls.put("wrong-application-credential", Canaries.applicationCredentialCloudsYaml(authUrl)
        .replace(Canaries.APPLICATION_CREDENTIAL_SECRET, Canaries.WRONG_PASSWORD));
    cloudsYamls.put("password-in-url", Canaries.passwordCloudsYaml(
        keystone.replace("http://", "http://" + Canaries.USER_NAME + ":" + Canaries.PASSWORD + "@") + "/v3",
        Canaries.PASSWORD));
    cloudsYamls.put("broken-yaml", "clouds:\n  openstack:\n    auth:\n      password: " + Canaries.PASSWORD
        + "\n     username: [" + Canaries.APPLICATION_CREDENTIAL_SECRET + "\n");
    cloudsYamls.forEach((name, yaml) -> secret(Canaries.secret(NAMESPACE, name, yaml)));
    // a private key pasted where the CA certificate belongs
    secret(new SecretBuilder(Canaries.secret(NAMESPACE, "key-as-cacert",
        Canaries.passwordCloudsYaml(authUrl, Canaries.PASSWORD)))
        .addToData("cacert", Base64.getEncoder().encodeToString(Canaries.PRIVATE_KEY_PEM.getBytes(
            StandardCharsets.UTF_8)))
        .build());
    cloudsYamls.keySet().forEach(name -> sparkCluster(name, name));
    sparkCluster("key-as-cacert", "key-as-cacert");

    awaitReady(harness, NAMESPACE, "password");
    awaitReady(harness, NAMESPACE, "application-credential");
    awaitReady(harness, NAMESPACE, "wrong-password", Condition.FALSE, Reasons.AUTHENTICATION_FAILED);
    awaitReady(harness, NAMESPACE, "wrong-application-credential", Condition.FALSE, Reasons.AUTHENTICATION_FAILED);
    awaitReady(harness, NAMESPACE, "password-in-url", Condition.FALSE, Reasons.CREDENTIALS_INVALID);
    awaitReady(harness, NAMESPACE, "broken-yaml", Condition.FALSE, Reasons.CREDENTIALS_INVALID);
    awaitReady(harness, NAMESPACE, "key-as-cacert", Condition.FALSE, Reasons.CREDENTIALS_INVALID);
    canary.assertNoLeaks();

    // tokens revoked: Magnum refuses them, the operator authenticates again; then Keystone goes down
    harness.openstack.faults().invalidateAllTokens();
    Observed.edit(harness, NAMESPACE, "password", c -> c.getSpec().getWorkers().setReplicas(3));
    eventually().untilAsserted(() -> assertThat(harness.get(NAMESPACE, "password").getStatus().getWorkers().getReady())
        .isEqualTo(3));
    harness.openstack.faults().invalidateAllTokens();
    var keystoneDown = harness.openstack.faults().failUntilCleared(Service.KEYSTONE, Operations.TOKENS_CREATE, 503);
    Observed.edit(harness, NAMESPACE, "application-credential", c -> c.getSpec().getWorkers().setReplicas(3));
    awaitReady(harness, NAMESPACE, "application-credential", Condition.FALSE, Reasons.OPENSTACK_UNAVAILABLE);
    keystoneDown.cancel();
    awaitReady(harness, NAMESPACE, "application-credential");

    // deletion with each kind of credentials, working or not
    harness.management.client().resources(io.sparkmagnum.api.v1alpha1.SparkCluster.class).inNamespace(NAMESPACE)
        .delete();
    eventually().untilAsserted(() -> assertThat(harness.management.client()
        .resources(io.sparkmagnum.api.v1alpha1.SparkCluster.class).inNamespace(NAMESPACE).list().getItems()).isEmpty());
    assertThat(harness.openstack.clusters()).noneMatch(bay -> bay.name().startsWith("spark-" + NAMESPACE + "-"));

    canary.assertNoLeaks();
    assertThat(canary.linesInspected()).as("log lines looked at").isGreaterThan(100);
  }
}
