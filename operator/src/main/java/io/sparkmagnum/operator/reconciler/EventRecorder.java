package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records core/v1 Events on a SparkCluster, as `kubectl describe` shows them. */
public class EventRecorder {
  public static final String COMPONENT = "spark-magnum-operator";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int MAX_MESSAGE = 1024;
  private static final int MAX_NAME_PREFIX = 200;

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(SparkCluster cluster, String reason, String message) {
    record(cluster, "Normal", reason, message);
  }

  public void warning(SparkCluster cluster, String reason, String message) {
    record(cluster, "Warning", reason, message);
  }

  /** {@code <name>.<hex time><hex random>} as kubectl's recorder does, within a name's 253 characters. */
  private static String eventName(String involved, Instant now) {
    String prefix = involved.length() > MAX_NAME_PREFIX ? involved.substring(0, MAX_NAME_PREFIX) : involved;
    return prefix + "." + Long.toHexString(now.toEpochMilli()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20));
  }

  private void record(SparkCluster cluster, String type, String reason, String message) {
    Instant now = Instant.now(clock);
    String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
    var metadata = cluster.getMetadata();
    var event = new EventBuilder()
        .withNewMetadata()
          .withNamespace(metadata.getNamespace())
          .withName(eventName(metadata.getName(), now))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(cluster.getApiVersion())
            .withKind(cluster.getKind())
            .withNamespace(metadata.getNamespace())
            .withName(metadata.getName())
            .withUid(metadata.getUid())
            .withResourceVersion(metadata.getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message)
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(metadata.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // an event is a courtesy: losing one must not fail the reconcile
      LOG.warn("Could not record event {} on {}/{}: {}", reason, metadata.getNamespace(), metadata.getName(), e.getMessage());
    }
  }
}
