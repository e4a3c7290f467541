package io.sparkmagnum.operator.spark;

import java.util.LinkedHashMap;
import java.util.Map;

/** The labels of the objects inside the bay, and the selectors that find them again. */
public final class SparkLabels {
  public static final String NAME = "app.kubernetes.io/name";
  public static final String INSTANCE = "app.kubernetes.io/instance";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String APP = "spark";
  public static final String MANAGER = "spark-magnum-operator";

  private SparkLabels() {}

  /** Labels of every object of one SparkCluster: name, instance and managed-by. */
  public static Map<String, String> instance(String clusterName) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(NAME, APP);
    labels.put(INSTANCE, clusterName);
    labels.put(MANAGED_BY, MANAGER);
    return labels;
  }

  /** Labels of one component's objects: the instance labels plus the component. */
  public static Map<String, String> component(String clusterName, SparkComponent component) {
    Map<String, String> labels = instance(clusterName);
    labels.put(COMPONENT, component.labelValue());
    return labels;
  }

  /**
   * Selector of one component's pods. It includes {@code app.kubernetes.io/name=spark} besides instance and
   * component, so that another application in the namespace using the same recommended labels (a Helm release
   * with the same name and a "master" component) is never selected.
   */
  public static Map<String, String> selector(String clusterName, SparkComponent component) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(NAME, APP);
    selector.put(INSTANCE, clusterName);
    selector.put(COMPONENT, component.labelValue());
    return selector;
  }
}
