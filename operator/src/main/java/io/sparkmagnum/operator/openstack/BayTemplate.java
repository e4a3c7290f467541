package io.sparkmagnum.operator.openstack;

/** A Magnum bay model (cluster template): what the operator needs to know of it. */
public record BayTemplate(String uuid, String name, String coe, boolean tlsDisabled) {}
