package io.sparkmagnum.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.function.Consumer;

/**
 * Edits an object the way a person with {@code kubectl edit} does when someone else writes it too (the operator's
 * status writes, its finalizers): read the latest version, change it, write it with that version, and on 409
 * ("the object has been modified") start again from a fresh read. The one way tests, testkit and the demo change an
 * object the operator also writes; a plain locked update there fails one run in N.
 */
public final class ConflictSafe {
  /**
   * How often a write may meet a concurrent one before the edit gives up: far more than an operator's status writes
   * can cause between one read and one write, so reaching it means something rewrites the object in a loop.
   */
  public static final int MAX_ATTEMPTS = 50;

  private ConflictSafe() {}

  /**
   * Applies {@code change} to the latest version of the object and writes it, again on a fresh read after a
   * conflict. {@code change} may run more than once, each time on a new copy.
   *
   * @return the object as the API server stored it
   * @throws KubernetesClientException for any answer but 409, or when every attempt met a conflict
   */
  public static <T extends HasMetadata> T edit(Resource<T> resource, Consumer<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(latest -> {
          change.accept(latest);
          return latest;
        });
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt >= MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
