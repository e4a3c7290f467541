package io.sparkmagnum.operator.openstack;

import java.util.Optional;

/**
 * Magnum bays of one cloud, as the reconciler uses them. One real implementation, on OpenStack4j,
 * speaking Magnum's /v1/clusters API (get one from {@link OpenStackClouds#bays}). Every method may
 * be called from any thread, makes one HTTP call per step (plus one re-authentication and retry
 * when Magnum refuses the token) and never retries otherwise: an {@link OpenStackException} of kind
 * UNAVAILABLE is for the caller to retry later. NOT_FOUND only ever means Magnum's 404 for the
 * thing asked for, never a Keystone problem.
 */
public interface MagnumBays {

  /**
   * The bay with this UUID; empty when Magnum answers 404 (also: deletion finished).
   *
   * @throws OpenStackException of kind AMBIGUOUS when the argument is a name several bays share (409)
   */
  Optional<Bay> findByUuid(String uuid) throws OpenStackException;

  /**
   * The bay with exactly this name (case-sensitive, never a UUID match); empty when there is none.
   * Reads the whole list, page by page, then the match by UUID.
   *
   * @throws OpenStackException of kind AMBIGUOUS when several bays carry the name
   */
  Optional<Bay> findByName(String name) throws OpenStackException;

  /** Asks Magnum to create a bay; returns its UUID at once (202), the bay is then CREATE_IN_PROGRESS. */
  String create(BayCreateRequest request) throws OpenStackException;

  /** Asks Magnum to change the bay's node_count (PATCH /node_count). */
  void resize(String uuid, int nodeCount) throws OpenStackException;

  /**
   * Asks Magnum to delete the bay; done when {@link #findByUuid} comes back empty. A bay already
   * gone (404) counts as deleted.
   */
  void delete(String uuid) throws OpenStackException;

  /**
   * The bay model (cluster template) by name or UUID.
   *
   * @throws OpenStackException of kind NOT_FOUND when there is none, AMBIGUOUS when several share the name
   */
  BayTemplate template(String nameOrUuid) throws OpenStackException;

  /**
   * The bay model a bay was created from. Remembered once read (also by {@link #template}): Magnum refuses
   * to delete a template that bays use, or to change what matters here (coe, tls_disabled).
   *
   * @throws OpenStackException of kind NOT_FOUND when there is none
   */
  BayTemplate templateOf(Bay bay) throws OpenStackException;

  /** The PEM of the CA that signed the bay's Kubernetes API certificate (GET /v1/certificates/{uuid}). */
  String caCertificate(String bayUuid) throws OpenStackException;

  /**
   * Has Magnum sign a PEM certificate signing request for the bay (POST /v1/certificates with
   * cluster_uuid); returns the PEM certificate.
   */
  String signCertificate(String bayUuid, String csrPem) throws OpenStackException;
}
