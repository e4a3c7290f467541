package io.sparkmagnum.operator.spark;

/** The parts of a Spark standalone cluster, as the {@code app.kubernetes.io/component} label names them. */
public enum SparkComponent {
  MASTER("master"),
  WORKER("worker"),
  DRIVER("driver");

  private final String labelValue;

  SparkComponent(String labelValue) {
    this.labelValue = labelValue;
  }

  public String labelValue() {
    return labelValue;
  }
}
