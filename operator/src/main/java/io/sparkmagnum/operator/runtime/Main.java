package io.sparkmagnum.operator.runtime;

/** Entry point of the operator. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String version = Main.class.getPackage().getImplementationVersion();
    System.out.println("spark-magnum-operator " + (version == null ? "(development build)" : version));
  }
}
