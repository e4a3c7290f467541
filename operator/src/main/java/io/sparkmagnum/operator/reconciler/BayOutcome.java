package io.sparkmagnum.operator.reconciler;

import io.sparkmagnum.operator.openstack.Bay;
import io.sparkmagnum.operator.status.Finding;
import java.time.Duration;
import java.util.Optional;

/**
 * What the bay step found.
 *
 * @param bay the bay, when Magnum knows it
 * @param owned whether this SparkCluster created the bay
 * @param usable whether the bay's Kubernetes API can be used now (also while it is being resized)
 * @param finding the BayReady condition
 * @param recheckAfter when to look at Magnum again, empty when only an event should wake us up
 */
record BayOutcome(Optional<Bay> bay, boolean owned, boolean usable, Finding finding, Optional<Duration> recheckAfter) {}
