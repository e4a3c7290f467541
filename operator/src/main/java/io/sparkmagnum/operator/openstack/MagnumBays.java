package io.sparkmagnum.operator.openstack;

import java.util.Optional;

/**
 * Magnum bays of one cloud, as the reconciler uses them. One real implementation, on OpenStack4j,
 * speaking Magnum's /v1/clusters API. Every method may be called from any thread.
 */
public interface MagnumBays {

  /** The bay with this UUID; empty when Magnum answers 404 (also: deletion finished). */
  Optional<Bay> findByUuid(String uuid) throws OpenStackException;

  /**
   * The bay with exactly this name; empty when there is none.
   *
   * @throws OpenStackException of kind AMBIGUOUS when several bays carry the name
   */
  Optional<Bay> findByName(String name) throws OpenStackException;

  /** Asks Magnum to create a bay; returns its UUID at once (202), the bay is then CREATE_IN_PROGRESS. */
  String create(BayCreateRequest request) throws OpenStackException;

  /** Asks Magnum to change the bay's node_count (PATCH /node_count). */
  void resize(String uuid, int nodeCount) throws OpenStackException;

  /** Asks Magnum to delete the bay; done when {@link #findByUuid} comes back empty. */
  void delete(String uuid) throws OpenStackException;

  /** The bay model (cluster template) by name or UUID. */
  BayTemplate template(String nameOrUuid) throws OpenStackException;

  /** The PEM of the CA that signed the bay's Kubernetes API certificate. */
  String caCertificate(String bayUuid) throws OpenStackException;

  /** Has Magnum sign a PEM certificate signing request for the bay; returns the PEM certificate. */
  String signCertificate(String bayUuid, String csrPem) throws OpenStackException;
}
