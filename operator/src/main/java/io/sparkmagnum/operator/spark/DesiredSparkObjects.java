package io.sparkmagnum.operator.spark;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of one SparkCluster inside its bay.
 *
 * @param namespace the namespace to create when it is missing (never taken over when it exists)
 * @param sparkDefaults the ConfigMap whose spark-defaults.conf every Spark pod mounts
 * @param driver present only when spec.driver.enabled; when absent an existing driver pod is to be deleted
 */
public record DesiredSparkObjects(
    Namespace namespace,
    ConfigMap sparkDefaults,
    Pod master,
    Service masterService,
    Deployment workers,
    Optional<Pod> driver) {

  public DesiredSparkObjects {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(sparkDefaults);
    Objects.requireNonNull(master);
    Objects.requireNonNull(masterService);
    Objects.requireNonNull(workers);
    Objects.requireNonNull(driver);
  }

  /** The namespaced objects in the order to apply them: configuration before the pods that mount it. */
  public List<HasMetadata> namespaced() {
    List<HasMetadata> objects = new ArrayList<>(List.of(sparkDefaults, masterService, master, workers));
    driver.ifPresent(objects::add);
    return objects;
  }
}
