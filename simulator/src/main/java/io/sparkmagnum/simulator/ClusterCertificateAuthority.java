package io.sparkmagnum.simulator;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * The certificate authority Magnum makes for each cluster: it signs the cluster's Kubernetes API
 * certificate and the client certificates asked for through POST /v1/certificates. Validity uses
 * wall-clock time, since real TLS stacks check these certificates.
 */
final class ClusterCertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VALIDITY = Duration.ofDays(365L * 5);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  /** A CSR that cannot be parsed or whose signature does not verify. */
  static final class InvalidCsrException extends Exception {
    InvalidCsrException(String message) {
      super(message);
    }
  }

  private final KeyPair keyPair;
  private final X509CertificateHolder certificate;
  private final String certificatePem;

  private ClusterCertificateAuthority(KeyPair keyPair, X509CertificateHolder certificate) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.certificatePem = pem(certificate);
  }

  /** A new self-signed CA whose subject is the cluster's name, as Magnum names it. */
  static ClusterCertificateAuthority create(String clusterName) {
    try {
      KeyPair keyPair = rsaKeyPair();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, clusterName).build();
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject, serial(), Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(VALIDITY)), subject,
                  keyPair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
      return new ClusterCertificateAuthority(keyPair, builder.build(signer(keyPair)));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot make a CA certificate", e);
    }
  }

  String certificatePem() {
    return certificatePem;
  }

  /** Signs a PEM CSR as a client certificate with the CSR's subject; returns the PEM certificate. */
  String signClientCertificate(String csrPem) throws InvalidCsrException {
    JcaPKCS10CertificationRequest csr = parseCsr(csrPem);
    try {
      PublicKey publicKey = csr.getPublicKey();
      return pem(
          issue(
              csr.getSubject(),
              publicKey,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth),
              KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
              null));
    } catch (GeneralSecurityException e) {
      throw new InvalidCsrException("the CSR's public key is unusable");
    }
  }

  /** A server certificate for the given DNS names or IP literals, with a fresh RSA key. */
  ServerCertificate issueServerCertificate(List<String> subjectAlternativeNames) {
    try {
      KeyPair serverKey = rsaKeyPair();
      GeneralName[] names =
          subjectAlternativeNames.stream()
              .map(
                  name ->
                      isIpLiteral(name)
                          ? new GeneralName(GeneralName.iPAddress, name)
                          : new GeneralName(GeneralName.dNSName, name))
              .toArray(GeneralName[]::new);
      X500Name subject =
          new X500NameBuilder(BCStyle.INSTANCE)
              .addRDN(BCStyle.CN, subjectAlternativeNames.isEmpty() ? "kube-apiserver" : subjectAlternativeNames.get(0))
              .build();
      X509CertificateHolder holder =
          issue(
              subject,
              serverKey.getPublic(),
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth),
              KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
              new GeneralNames(names));
      StringWriter keyPem = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(keyPem)) {
        writer.writeObject(new JcaPKCS8Generator(serverKey.getPrivate(), null));
      }
      return new ServerCertificate(pem(holder), keyPem.toString(), certificatePem);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a server certificate", e);
    }
  }

  private X509CertificateHolder issue(
      X500Name subject, PublicKey publicKey, ExtendedKeyUsage extendedKeyUsage, int keyUsage, GeneralNames altNames)
      throws GeneralSecurityException {
    try {
      Instant now = Instant.now();
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate.getSubject(),
                  serial(),
                  Date.from(now.minus(CLOCK_SKEW)),
                  Date.from(now.plus(VALIDITY)),
                  subject,
                  publicKey)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
              .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage)
              .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
              .addExtension(
                  Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
      if (altNames != null) {
        builder.addExtension(Extension.subjectAlternativeName, false, altNames);
      }
      return builder.build(signer(keyPair));
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JcaPKCS10CertificationRequest parseCsr(String csrPem) throws InvalidCsrException {
    if (csrPem == null || csrPem.isBlank()) {
      throw new InvalidCsrException("the CSR is empty");
    }
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      parsed = parser.readObject();
    } catch (IOException | RuntimeException e) {
      throw new InvalidCsrException("the CSR is not a PEM certificate request");
    }
    if (!(parsed instanceof org.bouncycastle.pkcs.PKCS10CertificationRequest request)) {
      throw new InvalidCsrException("the CSR is not a PEM certificate request");
    }
    JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(request);
    try {
      if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
        throw new InvalidCsrException("the CSR's signature does not verify");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new InvalidCsrException("the CSR's signature cannot be checked");
    }
    return csr;
  }

  /** True for an IPv4 or IPv6 literal; never resolves a name. */
  private static boolean isIpLiteral(String name) {
    if (!name.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !name.contains(":")) {
      return false;
    }
    try {
      InetAddress.getByName(name);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static ContentSigner signer(KeyPair keyPair) throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(63, RANDOM).add(BigInteger.ONE);
  }

  private static String pem(X509CertificateHolder holder) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(holder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
