package io.sparkmagnum.operator.openstack;

import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/** The TLS trust of one cloud: the JVM's trust store, a PEM bundle from the Secret, or none. */
final class TlsTrust {

  private TlsTrust() {}

  /** Returns the PEM unchanged when it holds at least one certificate. */
  static String requireCertificates(String pem) throws CredentialsException {
    if (certificates(pem).isEmpty()) {
      throw new CredentialsException("the Secret's key " + CloudCredentials.CACERT_KEY + " holds no PEM certificate");
    }
    return pem;
  }

  /**
   * The SSL context for Keystone and Magnum of these credentials; null means the JVM default.
   * {@code verify: false} wins over a CA bundle, as in openstacksdk.
   */
  static SSLContext sslContext(CloudCredentials credentials) {
    try {
      if (!credentials.verifyTls()) {
        return trustAnything();
      }
      if (credentials.caCertPem() == null) {
        return null;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      List<X509Certificate> certificates = certificates(credentials.caCertPem());
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("cacert-" + i, certificates.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return context(factory.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /** Accepts any certificate for any host: what {@code verify: false} asks for. */
  static SSLContext trustAnything() {
    try {
      return context(new TrustAnything());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static SSLContext context(TrustManager... trustManagers) throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers, null);
    return context;
  }

  private static List<X509Certificate> certificates(String pem) {
    try {
      Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate : parsed) {
        if (certificate instanceof X509Certificate x509) {
          certificates.add(x509);
        }
      }
      return certificates;
    } catch (CertificateException e) {
      return List.of();
    }
  }

  /**
   * Accepts any server certificate for any host name, for {@code verify: false}. Being an
   * {@link X509ExtendedTrustManager}, JSSE leaves the host name check to it, so none happens.
   */
  private static final class TrustAnything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
