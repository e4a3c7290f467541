package io.sparkmagnum.operator.status;

import java.util.Set;

/** Condition types and reasons: part of the public contract (README "Troubleshooting" explains each). */
public final class Reasons {
  public static final String READY = "Ready";
  public static final String BAY_READY = "BayReady";
  public static final String MASTER_READY = "MasterReady";
  public static final String WORKERS_READY = "WorkersReady";

  public static final String CLUSTER_READY = "ClusterReady";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String CREDENTIALS_MISSING = "CredentialsMissing";
  public static final String CREDENTIALS_INVALID = "CredentialsInvalid";
  public static final String AUTHENTICATION_FAILED = "AuthenticationFailed";
  public static final String OPENSTACK_FORBIDDEN = "OpenStackForbidden";
  public static final String OPENSTACK_UNAVAILABLE = "OpenStackUnavailable";
  public static final String OPENSTACK_REJECTED = "OpenStackRejected";
  public static final String TEMPLATE_NOT_FOUND = "TemplateNotFound";
  public static final String BAY_NOT_FOUND = "BayNotFound";
  public static final String BAY_AMBIGUOUS = "BayAmbiguous";
  public static final String BAY_CREATING = "BayCreating";
  public static final String BAY_CREATE_COMPLETE = "BayCreateComplete";
  public static final String BAY_ADOPTED = "BayAdopted";
  public static final String BAY_CREATE_FAILED = "BayCreateFailed";
  public static final String BAY_UPDATE_FAILED = "BayUpdateFailed";
  public static final String BAY_RESIZING = "BayResizing";
  public static final String BAY_BUSY = "BayBusy";
  public static final String BAY_UNREACHABLE = "BayUnreachable";
  public static final String BAY_NOT_READY = "BayNotReady";
  public static final String SPARK_OBJECTS_REJECTED = "SparkObjectsRejected";
  public static final String MASTER_RUNNING = "MasterRunning";
  public static final String MASTER_PENDING = "MasterPending";
  public static final String ALL_WORKERS_READY = "AllWorkersReady";
  public static final String WORKERS_PENDING = "WorkersPending";
  public static final String DELETING = "Deleting";
  public static final String BAY_DELETING = "BayDeleting";

  /** Reasons that only a change by the user (spec, Secret, OpenStack side) can clear. */
  public static final Set<String> NEED_USER_ACTION = Set.of(
      INVALID_SPEC,
      CREDENTIALS_INVALID,
      AUTHENTICATION_FAILED,
      OPENSTACK_FORBIDDEN,
      OPENSTACK_REJECTED,
      TEMPLATE_NOT_FOUND,
      BAY_NOT_FOUND,
      BAY_AMBIGUOUS,
      BAY_CREATE_FAILED);

  /** Reasons of a not-ready SparkCluster that an admin should hear about: recorded as Warning events. */
  public static final Set<String> WARNINGS = Set.of(
      INVALID_SPEC,
      CREDENTIALS_MISSING,
      CREDENTIALS_INVALID,
      AUTHENTICATION_FAILED,
      OPENSTACK_FORBIDDEN,
      OPENSTACK_REJECTED,
      OPENSTACK_UNAVAILABLE,
      TEMPLATE_NOT_FOUND,
      BAY_NOT_FOUND,
      BAY_AMBIGUOUS,
      BAY_CREATE_FAILED,
      BAY_UPDATE_FAILED,
      BAY_UNREACHABLE,
      SPARK_OBJECTS_REJECTED);

  /** Reasons under which the bay is being provisioned, not broken. */
  public static final Set<String> PROVISIONING = Set.of(BAY_CREATING, BAY_RESIZING, BAY_BUSY);

  private Reasons() {}
}
