package io.sparkmagnum.operator.openstack;

/**
 * The credentials in a Secret cannot be used: a key is missing, clouds.yaml does not parse, the
 * cloud is not there or a field is missing or invalid. The message names the key or field, never
 * its value, and no cause is attached (YAML parser messages quote the source text).
 */
public class CredentialsException extends Exception {

  public CredentialsException(String message) {
    super(message);
  }
}
