package io.sparkmagnum.simulator;

/** The two simulated OpenStack services, each on its own loopback port. */
public enum Service {
  KEYSTONE,
  MAGNUM
}
