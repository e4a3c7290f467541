package io.sparkmagnum.api.v1alpha1;

/** The one-word summary of a SparkCluster, shown by `kubectl get`. */
public enum Phase {
  /** Accepted, nothing provisioned yet (or waiting for the user to fix the spec or the credentials). */
  Pending,
  /** The bay is being created or resized. */
  Provisioning,
  /** The bay is ready; the Spark objects are being created inside it. */
  Deploying,
  /** The master is up and every desired worker is ready. */
  Running,
  /** The cluster ran but is now short of its master or workers, or its bay is unhealthy. */
  Degraded,
  /** The bay could not be created; a condition says why. */
  Failed,
  /** The SparkCluster is being deleted. */
  Deleting
}
