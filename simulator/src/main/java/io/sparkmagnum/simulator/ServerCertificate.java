package io.sparkmagnum.simulator;

/**
 * A TLS server certificate signed by a cluster's CA, for a test server that plays the cluster's
 * Kubernetes API over HTTPS. All three are PEM; the key is PKCS#8.
 */
public record ServerCertificate(String certificatePem, String privateKeyPem, String caCertificatePem) {
  @Override
  public String toString() {
    return "ServerCertificate[certificate and CA present, private key not shown]";
  }
}
