package io.sparkmagnum.operator.spark;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterSpec;

/** SparkClusters for the tests of this package. */
final class SparkClusters {
  private SparkClusters() {}

  /** A SparkCluster with every default, as the API server hands it over. */
  static SparkCluster named(String name, String namespace) {
    SparkCluster cluster = new SparkCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cluster.setSpec(new SparkClusterSpec());
    cluster.getSpec().getCloud().setSecretName("openstack-credentials");
    cluster.getSpec().getBay().setTemplate("k8s-model");
    return cluster;
  }
}
