package io.sparkmagnum.operator.reliability;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.ApplicationCredentialSeed;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.simulator.UserSeed;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Credentials of the reliability suite: a password, an application credential secret and a client
 * private key that must never show anywhere but in the Secrets they were put in (see {@link SecretCanary}).
 */
final class Canaries {
  static final String USER_ID = "c4a1e5e0b7d94b4e9d1f00c0ffee0001";
  static final String USER_NAME = "spark-operator-canary";
  static final String PASSWORD = "canary-Pa55word-7f3a91c2";
  /** A wrong password, refused by Keystone, that must not leak either. */
  static final String WRONG_PASSWORD = "canary-Wr0ngPass-5d20e6b8";
  static final String APPLICATION_CREDENTIAL_ID = "c4a1e5e0b7d94b4e9d1f00c0ffee0002";
  static final String APPLICATION_CREDENTIAL_SECRET = "canary-AppCredSecret-91b4d7e3";
  /** A PKCS#8 RSA private key as clouds.yaml's {@code key:} (a client certificate's key) would hold it. */
  static final String PRIVATE_KEY_PEM = privateKeyPem();

  private Canaries() {}

  /** The values whose appearance anywhere else is a leak: the whole key, and each line of its body. */
  static List<String> values() {
    List<String> values = new java.util.ArrayList<>(List.of(PASSWORD, WRONG_PASSWORD, APPLICATION_CREDENTIAL_SECRET));
    values.addAll(pemBodyLines(PRIVATE_KEY_PEM));
    return values;
  }

  /** The base64 lines of a PEM body: any of them in a text means the key (or most of it) is there. */
  static List<String> pemBodyLines(String pem) {
    return pem.lines().filter(line -> !line.startsWith("-----") && line.length() >= 32).toList();
  }

  /** The simulator's demo cloud plus the canary user and application credential, members of the demo project. */
  static OpenStackSimulator.Builder cloud(OpenStackSimulator.Builder builder) {
    return builder
        .user(UserSeed.member(USER_ID, USER_NAME, DemoCloud.DOMAIN_ID, PASSWORD, DemoCloud.PROJECT_ID))
        .applicationCredential(ApplicationCredentialSeed.of(APPLICATION_CREDENTIAL_ID, "spark-operator-canary",
            APPLICATION_CREDENTIAL_SECRET, USER_ID, DemoCloud.PROJECT_ID));
  }

  /** The canary user's clouds.yaml, with the canary private key as the cloud's client key. */
  static String passwordCloudsYaml(String authUrl, String password) {
    return DemoCloud.passwordCloudsYaml(authUrl, USER_NAME, password, DemoCloud.PROJECT_NAME)
        + "    key: |\n" + indent(PRIVATE_KEY_PEM, 6) + "\n";
  }

  static String applicationCredentialCloudsYaml(String authUrl) {
    return DemoCloud.applicationCredentialCloudsYaml(authUrl, APPLICATION_CREDENTIAL_ID, APPLICATION_CREDENTIAL_SECRET);
  }

  static Secret secret(String namespace, String name, String cloudsYaml) {
    return new SecretBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .addToData("clouds.yaml", Base64.getEncoder().encodeToString(cloudsYaml.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** A namespace with the Secret {@link OperatorHarness#SECRET}: the canary user's password. */
  static void namespaceWithPassword(OperatorHarness harness, String namespace) {
    harness.createNamespace(namespace);
    harness.management.client().resource(secret(namespace, OperatorHarness.SECRET,
        passwordCloudsYaml(harness.openstack.authUrl(), PASSWORD))).create();
  }

  /** A namespace with the Secret {@link OperatorHarness#SECRET}: the canary application credential. */
  static void namespaceWithApplicationCredential(OperatorHarness harness, String namespace) {
    harness.createNamespace(namespace);
    harness.management.client().resource(secret(namespace, OperatorHarness.SECRET,
        applicationCredentialCloudsYaml(harness.openstack.authUrl()))).create();
  }

  private static String indent(String text, int spaces) {
    String margin = " ".repeat(spaces);
    return text.lines().map(line -> margin + line).reduce((a, b) -> a + "\n" + b).orElse("");
  }

  private static String privateKeyPem() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
      return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
