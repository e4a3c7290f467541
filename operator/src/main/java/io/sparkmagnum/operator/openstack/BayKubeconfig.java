package io.sparkmagnum.operator.openstack;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The kubeconfig of a bay's Kubernetes API, made the way `openstack coe cluster config` makes it:
 * the server is the bay's api_address; unless the template has tls_disabled, the CA comes from
 * GET /v1/certificates/{uuid} and the client certificate from a CSR (CN=admin, O=system:masters)
 * signed by Magnum.
 */
public final class BayKubeconfig {
  public static final String USER = "admin";
  public static final String CONTEXT = "default";

  private BayKubeconfig() {}

  /** Asks Magnum for what the kubeconfig of this bay needs and returns it as YAML. */
  public static String create(MagnumBays bays, Bay bay, BayTemplate template) throws OpenStackException {
    if (bay.apiAddress() == null || bay.apiAddress().isBlank()) {
      throw new OpenStackException(OpenStackException.Kind.NOT_FOUND,
          "Magnum reports no api_address for bay " + bay.name() + " (" + bay.uuid() + ")");
    }
    String server = serverUrl(bay.apiAddress(), template.tlsDisabled());
    if (template.tlsDisabled()) {
      return toYaml(kubeconfig(bay.name(), server, null, null, null));
    }
    String caPem = bays.caCertificate(bay.uuid());
    KeyPair keyPair = newKeyPair();
    String certificatePem = bays.signCertificate(bay.uuid(), csrPem(keyPair));
    return toYaml(kubeconfig(bay.name(), server, caPem, certificatePem, pem(keyPair.getPrivate())));
  }

  /** The 2015-era insecure bays reported `IP:8080` without a scheme. */
  static String serverUrl(String apiAddress, boolean tlsDisabled) {
    if (apiAddress.startsWith("http://") || apiAddress.startsWith("https://")) {
      return apiAddress;
    }
    return (tlsDisabled ? "http://" : "https://") + apiAddress;
  }

  static Config kubeconfig(String bayName, String server, String caPem, String certPem, String keyPem) {
    ConfigBuilder builder = new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addNewCluster()
          .withName(bayName)
          .withNewCluster()
            .withServer(server)
            .withCertificateAuthorityData(base64(caPem))
          .endCluster()
        .endCluster()
        .addNewContext()
          .withName(CONTEXT)
          .withNewContext()
            .withCluster(bayName)
            .withUser(USER)
          .endContext()
        .endContext()
        .withCurrentContext(CONTEXT);
    if (certPem != null) {
      builder.addNewUser()
          .withName(USER)
          .withNewUser()
            .withClientCertificateData(base64(certPem))
            .withClientKeyData(base64(keyPem))
          .endUser()
          .endUser();
    } else {
      builder.addNewUser().withName(USER).withNewUser().endUser().endUser();
    }
    return builder.build();
  }

  static String csrPem(KeyPair keyPair) throws OpenStackException {
    try {
      PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.CN, USER)
              .addRDN(BCStyle.O, "system:masters")
              .build(),
          keyPair.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
      return pem(csr);
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a CSR with SHA256withRSA", e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available in this JVM", e);
    }
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot PEM-encode " + object.getClass().getSimpleName(), e);
    }
    return out.toString();
  }

  private static String base64(String pem) {
    return pem == null ? null : Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  private static String toYaml(Config config) {
    return Serialization.asYaml(config);
  }
}
