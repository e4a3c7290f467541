package io.sparkmagnum.api.v1alpha1;

/** What happens to a bay the SparkCluster created when the SparkCluster is deleted. */
public enum DeletionPolicy {
  /** The bay is deleted with the SparkCluster. */
  Delete,
  /** The bay is left running; only the Spark objects inside it are removed. */
  Retain
}
