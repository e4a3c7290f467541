package io.sparkmagnum.operator.openstack;

/**
 * What POST /v1/clusters is asked to create.
 *
 * @param template the cluster template's name or UUID
 * @param keypair may be null: the template's keypair is used
 */
public record BayCreateRequest(
    String name, String template, int nodeCount, int masterCount, String keypair, int createTimeoutMinutes) {}
