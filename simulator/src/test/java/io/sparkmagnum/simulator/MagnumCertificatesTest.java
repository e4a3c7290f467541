package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MagnumCertificatesTest {
  private OpenStackSimulator sim;
  private ApiClient client;
  private String token;

  @BeforeEach
  void start() {
    sim = OpenStackSimulator.builder().demoSeed().start();
    client = new ApiClient(sim);
    token = client.demoToken();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void theClusterCaIsServedAsPem() throws Exception {
    ApiClient.Answer answer = client.magnumGet("/v1/certificates/" + DemoCloud.CLUSTER_UUID, token);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("cluster_uuid").asText()).isEqualTo(DemoCloud.CLUSTER_UUID);
    assertThat(answer.json().at("/links/0/href").asText())
        .isEqualTo(sim.magnumUrl() + "/certificates/" + DemoCloud.CLUSTER_UUID);
    X509CertificateHolder ca = parseCertificate(answer.json().get("pem").asText());
    assertThat(ca.getSubject()).isEqualTo(new X500Name("CN=" + DemoCloud.CLUSTER_NAME));
    assertThat(BasicConstraints.fromExtensions(ca.getExtensions()).isCA()).isTrue();
    assertThat(ca.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca))).isTrue();

    assertThat(client.magnumGet("/v1/certificates/" + DemoCloud.CLUSTER_NAME, token).json().get("pem").asText())
        .isEqualTo(answer.json().get("pem").asText());
    assertThat(sim.clusterCaCertificate(DemoCloud.CLUSTER_UUID)).isEqualTo(answer.json().get("pem").asText());
  }

  @Test
  void aCsrIsSignedByTheClusterCaWithItsSubject() throws Exception {
    String csr = csrPem("CN=admin,O=system:masters");

    ApiClient.Answer answer =
        client.magnum("POST", "/v1/certificates", Map.of("cluster_uuid", DemoCloud.CLUSTER_UUID, "csr", csr), token);

    assertThat(answer.status()).isEqualTo(201);
    JsonNode body = answer.json();
    assertThat(body.get("cluster_uuid").asText()).isEqualTo(DemoCloud.CLUSTER_UUID);
    assertThat(body.get("csr").asText()).isEqualTo(csr);
    assertThat(body.get("links")).hasSize(2);
    X509CertificateHolder certificate = parseCertificate(body.get("pem").asText());
    X509CertificateHolder ca = parseCertificate(sim.clusterCaCertificate(DemoCloud.CLUSTER_UUID));
    assertThat(certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca))).isTrue();
    assertThat(certificate.getIssuer()).isEqualTo(ca.getSubject());
    assertThat(certificate.getSubject()).isEqualTo(new X500Name("CN=admin,O=system:masters"));
    assertThat(ExtendedKeyUsage.fromExtensions(certificate.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth))
        .isTrue();
    assertThat(BasicConstraints.fromExtensions(certificate.getExtensions()).isCA()).isFalse();
    assertThat(sim.counters().magnumCalls(Operations.CERTIFICATES_SIGN)).isEqualTo(1);
  }

  @Test
  void eachClusterHasItsOwnCa() {
    String other = client.createCluster(token, "other", DemoCloud.TEMPLATE_NAME, 1);
    assertThat(sim.clusterCaCertificate(other)).isNotEqualTo(sim.clusterCaCertificate(DemoCloud.CLUSTER_UUID));
  }

  @Test
  void anUnknownAttributeSuchAsBayUuidIsRefused() throws Exception {
    ApiClient.Answer answer =
        client.magnum(
            "POST", "/v1/certificates",
            Map.of("bay_uuid", DemoCloud.CLUSTER_UUID, "cluster_uuid", DemoCloud.CLUSTER_UUID, "csr", csrPem("CN=a")),
            token);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/errors/0/detail").asText())
        .isEqualTo("Unknown attribute for argument certificate: bay_uuid");
    assertThat(answer.json().at("/errors/0/code").asText()).isEqualTo("client");
  }

  @Test
  void unknownClusterAndBadCsrAreBadRequests() throws Exception {
    ApiClient.Answer unknownCluster =
        client.magnum("POST", "/v1/certificates", Map.of("cluster_uuid", "ghost", "csr", csrPem("CN=a")), token);
    assertThat(unknownCluster.status()).isEqualTo(400);

    ApiClient.Answer badCsr =
        client.magnum(
            "POST", "/v1/certificates",
            Map.of("cluster_uuid", DemoCloud.CLUSTER_UUID, "csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n"),
            token);
    assertThat(badCsr.status()).isEqualTo(400);

    assertThat(client.magnumGet("/v1/certificates/ghost", token).status()).isEqualTo(404);
  }

  @Test
  void aServerCertificateForATestApiServerChainsToTheClusterCa() throws Exception {
    ServerCertificate server = sim.issueServerCertificate(DemoCloud.CLUSTER_UUID, "127.0.0.1", "localhost");

    X509CertificateHolder certificate = parseCertificate(server.certificatePem());
    X509CertificateHolder ca = parseCertificate(server.caCertificatePem());
    assertThat(certificate.isSignatureValid(new JcaContentVerifierProviderBuilder().build(ca))).isTrue();
    GeneralNames names = GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
    assertThat(names.getNames())
        .extracting(GeneralName::getTagNo)
        .containsExactly(GeneralName.iPAddress, GeneralName.dNSName);
    assertThat(server.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(server.toString()).doesNotContain("PRIVATE KEY");
  }

  private static String csrPem(String subject) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keyPair = generator.generateKeyPair();
    PKCS10CertificationRequest csr =
        new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keyPair.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate()));
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(csr);
    }
    return out.toString();
  }

  private static X509CertificateHolder parseCertificate(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return (X509CertificateHolder) parser.readObject();
    }
  }
}
