package io.sparkmagnum.api.v1alpha1;

/** Kubernetes Service type of the Spark master inside the bay. */
public enum ServiceType {
  ClusterIP,
  NodePort,
  LoadBalancer
}
