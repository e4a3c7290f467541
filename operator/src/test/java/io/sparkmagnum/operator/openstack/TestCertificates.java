package io.sparkmagnum.operator.openstack;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA and a server certificate signed by it, for TLS tests. */
final class TestCertificates {

  final X509Certificate caCertificate;
  final X509Certificate serverCertificate;
  private final KeyPair serverKeys;

  private TestCertificates(X509Certificate ca, X509Certificate server, KeyPair serverKeys) {
    this.caCertificate = ca;
    this.serverCertificate = server;
    this.serverKeys = serverKeys;
  }

  /** A CA and a certificate for the given DNS name (only), signed by that CA. */
  static TestCertificates forHost(String dnsName) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair caKeys = generator.generateKeyPair();
    KeyPair serverKeys = generator.generateKeyPair();
    X500Name caName = new X500Name("CN=test-ca");
    Instant now = Instant.now();
    X509Certificate ca = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.ONE, Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))), caName, caKeys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true)), caKeys);
    X509Certificate server = sign(new JcaX509v3CertificateBuilder(caName, BigInteger.TWO, Date.from(now.minus(Duration.ofHours(1))),
            Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + dnsName), serverKeys.getPublic())
        .addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName))), caKeys);
    return new TestCertificates(ca, server, serverKeys);
  }

  String caPem() throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(caCertificate);
    }
    return out.toString();
  }

  /** A server-side SSL context presenting the server certificate. */
  SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = "test".toCharArray();
    store.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[] {serverCertificate, caCertificate});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }

  private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
  }
}
