package io.sparkmagnum.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An Apache Spark standalone cluster running inside an OpenStack Magnum bay. */
@Group(SparkCluster.GROUP)
@Version(SparkCluster.VERSION)
@Kind("SparkCluster")
@Plural("sparkclusters")
@ShortNames("sparkc")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Pending, Provisioning, Deploying, Running, Degraded, Failed or Deleting.")
@AdditionalPrinterColumn(name = "Bay", jsonPath = ".status.bay.name", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Name of the Magnum bay the Spark cluster runs in.")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.workers.ready", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Spark worker pods that are ready.")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.workers.desired", type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Spark workers asked for in spec.workers.replicas.")
@AdditionalPrinterColumn(name = "Master", jsonPath = ".status.master.url", type = AdditionalPrinterColumn.Type.STRING,
    getDescription = "Spark master URL inside the bay, for spark-submit and spark-shell.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE,
    getDescription = "Time since the SparkCluster was created.")
public class SparkCluster extends CustomResource<SparkClusterSpec, SparkClusterStatus> implements Namespaced {
  public static final String GROUP = "sparkmagnum.io";
  public static final String VERSION = "v1alpha1";

  /**
   * Null on a new SparkCluster (fabric8's default), never on one read from the API server (spec is required):
   * JOSDK adds its finalizer by server-side applying a new instance, and spec defaults in it would be applied
   * over the user's values.
   */
  @Override
  @Required
  @JsonPropertyDescription("The desired Spark cluster and the bay it runs in.")
  public SparkClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator observed; written by the operator only.")
  public SparkClusterStatus getStatus() {
    return super.getStatus();
  }
}
