package io.sparkmagnum.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sparkmagnum.api.v1alpha1.CloudSpec;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.operator.openstack.CloudCredentials;
import io.sparkmagnum.operator.openstack.CredentialsException;
import io.sparkmagnum.operator.status.Finding;
import io.sparkmagnum.operator.status.Reasons;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the OpenStack credentials of a SparkCluster from the Secret it names, in its own namespace
 * only, from the informer's cache (a change of the Secret reconciles at once).
 */
final class CredentialsStep {
  /**
   * Held on a credentials Secret while a SparkCluster uses it: deleting the Secret together with its
   * SparkClusters (kubectl delete -f dir/, a GitOps prune) must not leave an owned bay undeletable.
   */
  static final String IN_USE_FINALIZER = "sparkmagnum.io/credentials-in-use";
  /** Edits of the Secret's finalizers that meet a conflict before the reconciliation fails. */
  private static final int EDIT_ATTEMPTS = 5;

  /** The credentials, or the finding that says why there are none. */
  record Result(CloudCredentials credentials, Finding problem) {}

  private final InformerEventSource<Secret, SparkCluster> secrets;
  private final KubernetesClient management;

  CredentialsStep(InformerEventSource<Secret, SparkCluster> secrets, KubernetesClient management) {
    this.secrets = secrets;
    this.management = management;
  }

  /** The Secret the SparkCluster names, from the informer's cache; null when it names none or it does not exist. */
  private Secret cached(SparkCluster cluster) {
    if (cluster.getSpec() == null || cluster.getSpec().getCloud().getSecretName() == null) {
      return null;
    }
    return secrets.get(new ResourceID(cluster.getSpec().getCloud().getSecretName(),
        cluster.getMetadata().getNamespace())).orElse(null);
  }

  /** Puts the in-use finalizer on the SparkCluster's Secret, once. */
  void hold(SparkCluster cluster) {
    Secret secret = cached(cluster);
    if (secret != null) {
      editFinalizers(secret, CredentialsStep::withFinalizer);
    }
  }

  /** Takes the in-use finalizer off the Secret when no SparkCluster but the departing one uses it. */
  void release(SparkCluster departing, Collection<SparkCluster> users) {
    boolean stillUsed = users.stream().anyMatch(other -> !ResourceID.fromResource(other).equals(ResourceID.fromResource(departing)));
    Secret secret = cached(departing);
    if (stillUsed || secret == null || !secret.getMetadata().getFinalizers().contains(IN_USE_FINALIZER)) {
      return;
    }
    editFinalizers(secret, CredentialsStep::withoutFinalizer);
  }

  /** The finalizers with ours added; null when it is there, or when the Secret is being deleted (none may be added). */
  private static List<String> withFinalizer(Secret secret) {
    List<String> finalizers = secret.getMetadata().getFinalizers();
    if (secret.getMetadata().getDeletionTimestamp() != null || finalizers.contains(IN_USE_FINALIZER)) {
      return null;
    }
    List<String> changed = new ArrayList<>(finalizers);
    changed.add(IN_USE_FINALIZER);
    return changed;
  }

  /** The finalizers without ours; null when it is not there. */
  private static List<String> withoutFinalizer(Secret secret) {
    List<String> finalizers = secret.getMetadata().getFinalizers();
    if (!finalizers.contains(IN_USE_FINALIZER)) {
      return null;
    }
    List<String> changed = new ArrayList<>(finalizers);
    changed.remove(IN_USE_FINALIZER);
    return changed;
  }

  /**
   * Sets the Secret's finalizers to what {@code change} makes of them (null: nothing to do). The SparkClusters
   * of a namespace share their Secret and are reconciled in parallel, so an edit that meets a newer version
   * (409) is done again on the stored one instead of failing the reconciliation into a retry pause. A Secret
   * that is gone needs nothing.
   */
  private void editFinalizers(Secret cached, Function<Secret, List<String>> change) {
    Secret current = cached;
    for (int attempt = 1; ; attempt++) {
      List<String> finalizers = change.apply(current);
      if (finalizers == null) {
        return;
      }
      try {
        management.resource(management.getKubernetesSerialization().clone(current)).edit(s -> {
          s.getMetadata().setFinalizers(finalizers);
          return s;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
          return;
        }
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == EDIT_ATTEMPTS) {
          throw e;
        }
      }
      current = management.secrets().inNamespace(cached.getMetadata().getNamespace())
          .withName(cached.getMetadata().getName()).get();
      if (current == null) {
        return;
      }
    }
  }

  Result resolve(SparkCluster cluster) {
    CloudSpec cloud = cluster.getSpec() == null ? null : cluster.getSpec().getCloud();
    String namespace = cluster.getMetadata().getNamespace();
    if (cloud == null || cloud.getSecretName() == null) {
      // only without the CRD's schema, e.g. when an invalid SparkCluster is deleted
      return problem(Reasons.CREDENTIALS_MISSING, "spec.cloud.secretName is not set.");
    }
    Secret secret = cached(cluster);
    if (secret == null) {
      return problem(Reasons.CREDENTIALS_MISSING, "The Secret " + cloud.getSecretName() + " does not exist in namespace "
          + namespace + ". Create it with the key " + CloudSpec.CLOUDS_YAML_KEY + " (see samples/).");
    }
    Map<String, String> data = dataOf(secret);
    if (!data.containsKey(CloudSpec.CLOUDS_YAML_KEY)) {
      return problem(Reasons.CREDENTIALS_MISSING, "The Secret " + cloud.getSecretName() + " has no key "
          + CloudSpec.CLOUDS_YAML_KEY + ".");
    }
    try {
      return new Result(CloudCredentials.fromSecretData(data, cloud.getCloudName()), null);
    } catch (CredentialsException e) {
      return problem(Reasons.CREDENTIALS_INVALID, "The Secret " + cloud.getSecretName() + " cannot be used: "
          + e.getMessage());
    }
  }

  /** Base64 data as the API server returns it; stringData too, for API servers that do not merge it. */
  private static Map<String, String> dataOf(Secret secret) {
    Map<String, String> data = new HashMap<>();
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((key, value) ->
          data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    }
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    return data;
  }

  private static Result problem(String reason, String message) {
    return new Result(null, Finding.notOk(Reasons.BAY_READY, reason, message));
  }
}
