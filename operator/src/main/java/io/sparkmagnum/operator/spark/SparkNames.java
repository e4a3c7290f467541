package io.sparkmagnum.operator.spark;

import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Names, ports and URLs of the Spark objects a SparkCluster has inside its bay. */
public final class SparkNames {
  /** Port of the master's RPC endpoint, in the master pod and on the master Service. */
  public static final int MASTER_PORT = 7077;
  /** Port of the master's web UI (also its {@code /json/} state), in the master pod and on the master Service. */
  public static final int MASTER_UI_PORT = 8080;
  public static final int WORKER_UI_PORT = 8081;
  /** Port of the web UI of an application started in the driver pod (Spark's default). */
  public static final int DRIVER_UI_PORT = 4040;

  public static final String MASTER_PORT_NAME = "spark";
  public static final String UI_PORT_NAME = "http";

  /** The longest suffix a Service name gets, "-master"; Service names are DNS-1035 labels of at most 63 characters. */
  public static final int MAX_CLUSTER_NAME_LENGTH = 63 - "-master".length();

  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

  private SparkNames() {}

  /** The namespace inside the bay: named like the SparkCluster's own namespace. */
  public static String namespace(SparkCluster cluster) {
    return Objects.requireNonNull(cluster.getMetadata().getNamespace(), "SparkCluster without namespace");
  }

  public static String masterPod(SparkCluster cluster) {
    return clusterName(cluster) + "-master";
  }

  public static String masterService(SparkCluster cluster) {
    return clusterName(cluster) + "-master";
  }

  public static String workerDeployment(SparkCluster cluster) {
    return clusterName(cluster) + "-worker";
  }

  public static String driverPod(SparkCluster cluster) {
    return clusterName(cluster) + "-driver";
  }

  public static String sparkDefaultsConfigMap(SparkCluster cluster) {
    return clusterName(cluster) + "-spark-defaults";
  }

  /** The in-bay DNS name of the master Service. */
  public static String masterHost(SparkCluster cluster) {
    return masterService(cluster) + "." + namespace(cluster) + ".svc";
  }

  /** {@code spark://<name>-master.<ns>.svc:7077}, what workers and drivers inside the bay connect to. */
  public static String masterUrl(SparkCluster cluster) {
    return "spark://" + masterHost(cluster) + ":" + MASTER_PORT;
  }

  /** {@code http://<name>-master.<ns>.svc:8080}, the master's web UI inside the bay. */
  public static String webUiUrl(SparkCluster cluster) {
    return "http://" + masterHost(cluster) + ":" + MASTER_UI_PORT;
  }

  /**
   * The master's {@code /json/} (its state, with the registered workers) through the bay API server's
   * service proxy: {@code /api/v1/namespaces/<ns>/services/<name>-master:8080/proxy/json/}.
   */
  public static String masterStateProxyPath(SparkCluster cluster) {
    return "/api/v1/namespaces/" + namespace(cluster) + "/services/" + masterService(cluster) + ":" + MASTER_UI_PORT
        + "/proxy/json/";
  }

  /**
   * Whether a SparkCluster's name can name its objects in the bay: {@code <name>-master} is a Service name, so
   * the name must be a DNS-1035 label (which metadata.name, a DNS subdomain, need not be) short enough for the
   * suffix.
   *
   * @return human-readable errors, empty when the name is usable
   */
  public static List<String> validateClusterName(String name) {
    List<String> errors = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      errors.add("metadata.name is missing");
      return errors;
    }
    if (!DNS_1035_LABEL.matcher(name).matches()) {
      errors.add("metadata.name \"" + name + "\" must start with a lower-case letter and contain only lower-case"
          + " letters, digits and '-', as it names the Service " + name + "-master in the bay");
    }
    if (name.length() > MAX_CLUSTER_NAME_LENGTH) {
      errors.add("metadata.name must be at most " + MAX_CLUSTER_NAME_LENGTH + " characters (it has " + name.length()
          + "), as " + name.substring(0, 8) + "...-master must fit a 63-character Service name in the bay");
    }
    return errors;
  }

  private static String clusterName(SparkCluster cluster) {
    return Objects.requireNonNull(cluster.getMetadata().getName(), "SparkCluster without name");
  }
}
