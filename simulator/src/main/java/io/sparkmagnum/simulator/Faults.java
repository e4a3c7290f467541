package io.sparkmagnum.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Faults to inject at run time, from any thread. Request faults apply to the next matching requests
 * (a given number of times, or until cleared); the first matching active status fault answers the
 * request, and independently the first matching active delay fault holds the answer back in real
 * time (to trip a client's read timeout). Cluster faults make the simulated Heat stack of a cluster
 * with a given name fail.
 */
public final class Faults {
  private final List<RequestFault> requestFaults = new CopyOnWriteArrayList<>();
  private final List<ClusterFault> clusterFaults = new CopyOnWriteArrayList<>();
  private final AtomicBoolean keystoneDown = new AtomicBoolean();
  private final Runnable tokenInvalidation;

  Faults(Runnable tokenInvalidation) {
    this.tokenInvalidation = tokenInvalidation;
  }

  /** The next {@code times} requests to the service answer {@code status} (e.g. 503 or 429). */
  public InjectedFault failNext(Service service, int times, int status) {
    return addStatusFault(service, null, status, new InjectedFault(describe(service, null, status), times));
  }

  /** The next {@code times} requests of one operation (see {@link Operations}) answer {@code status}. */
  public InjectedFault failNext(Service service, String operation, int times, int status) {
    Operations.requireKnown(service, operation);
    return addStatusFault(
        service, operation, status, new InjectedFault(describe(service, operation, status), times));
  }

  /** Every request to the service answers {@code status} until {@link #clear()} or cancel. */
  public InjectedFault failUntilCleared(Service service, int status) {
    return addStatusFault(service, null, status, InjectedFault.untilCleared(describe(service, null, status)));
  }

  /** Every request of one operation answers {@code status} until {@link #clear()} or cancel. */
  public InjectedFault failUntilCleared(Service service, String operation, int status) {
    Operations.requireKnown(service, operation);
    return addStatusFault(
        service, operation, status, InjectedFault.untilCleared(describe(service, operation, status)));
  }

  /** The next {@code times} requests of an operation (null: any) are answered {@code delay} late. */
  public InjectedFault delayNext(Service service, String operation, int times, Duration delay) {
    return addDelayFault(service, operation, delay, new InjectedFault(describeDelay(service, operation, delay), times));
  }

  /** Every request of an operation (null: any) is answered {@code delay} late until cleared. */
  public InjectedFault delayUntilCleared(Service service, String operation, Duration delay) {
    return addDelayFault(service, operation, delay, InjectedFault.untilCleared(describeDelay(service, operation, delay)));
  }

  /** Clusters created with this name end in CREATE_FAILED with this status_reason, until cleared. */
  public InjectedFault failClusterCreation(String clusterName, String statusReason) {
    return addClusterFault(ClusterOperation.CREATE, clusterName, statusReason);
  }

  /** Updates (resizes) of clusters with this name end in UPDATE_FAILED with this reason, until cleared. */
  public InjectedFault failClusterUpdate(String clusterName, String statusReason) {
    return addClusterFault(ClusterOperation.UPDATE, clusterName, statusReason);
  }

  /** Deletions of clusters with this name end in DELETE_FAILED with this reason, until cleared. */
  public InjectedFault failClusterDeletion(String clusterName, String statusReason) {
    return addClusterFault(ClusterOperation.DELETE, clusterName, statusReason);
  }

  /** While down, Keystone answers every request with 503. */
  public void keystoneDown(boolean down) {
    keystoneDown.set(down);
  }

  public boolean isKeystoneDown() {
    return keystoneDown.get();
  }

  /** Revokes every token issued so far: the next Magnum call with one of them answers 401. */
  public void invalidateAllTokens() {
    tokenInvalidation.run();
  }

  /** Lifts every request and cluster fault and brings Keystone back up. Tokens stay revoked. */
  public void clear() {
    requestFaults.forEach(fault -> fault.handle.cancel());
    requestFaults.clear();
    clusterFaults.forEach(fault -> fault.handle.cancel());
    clusterFaults.clear();
    keystoneDown.set(false);
  }

  Optional<Integer> takeStatus(Service service, String operation) {
    for (RequestFault fault : requestFaults) {
      if (fault.status > 0 && fault.matches(service, operation) && fault.handle.tryApply()) {
        return Optional.of(fault.status);
      }
    }
    return Optional.empty();
  }

  Duration takeDelay(Service service, String operation) {
    for (RequestFault fault : requestFaults) {
      if (fault.delay != null && fault.matches(service, operation) && fault.handle.tryApply()) {
        return fault.delay;
      }
    }
    return Duration.ZERO;
  }

  /** The failure reason for this operation on a cluster of this name, if a fault asks for one. */
  Optional<String> takeClusterFailure(ClusterOperation operation, String clusterName) {
    for (ClusterFault fault : clusterFaults) {
      if (fault.operation == operation && fault.clusterName.equals(clusterName) && fault.handle.tryApply()) {
        return Optional.of(fault.statusReason);
      }
    }
    return Optional.empty();
  }

  private InjectedFault addStatusFault(Service service, String operation, int status, InjectedFault handle) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault answers a 4xx or 5xx status, not " + status);
    }
    requestFaults.add(new RequestFault(Objects.requireNonNull(service), operation, status, null, handle));
    return handle;
  }

  private InjectedFault addDelayFault(Service service, String operation, Duration delay, InjectedFault handle) {
    if (operation != null) {
      Operations.requireKnown(service, operation);
    }
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("a delay must be positive: " + delay);
    }
    requestFaults.add(new RequestFault(Objects.requireNonNull(service), operation, 0, delay, handle));
    return handle;
  }

  private InjectedFault addClusterFault(ClusterOperation operation, String clusterName, String statusReason) {
    InjectedFault handle =
        InjectedFault.untilCleared(operation + " of cluster '" + clusterName + "' fails");
    clusterFaults.add(
        new ClusterFault(operation, Objects.requireNonNull(clusterName), Objects.requireNonNull(statusReason), handle));
    return handle;
  }

  private static String describe(Service service, String operation, int status) {
    return service + (operation == null ? "" : " " + operation) + " answers " + status;
  }

  private static String describeDelay(Service service, String operation, Duration delay) {
    return service + (operation == null ? "" : " " + operation) + " delayed by " + delay;
  }

  /** The simulated Heat stack operations a cluster fault can make fail. */
  enum ClusterOperation {
    CREATE,
    UPDATE,
    DELETE
  }

  private record RequestFault(Service service, String operation, int status, Duration delay, InjectedFault handle) {
    boolean matches(Service requestService, String requestOperation) {
      return service == requestService && (operation == null || operation.equals(requestOperation));
    }
  }

  private record ClusterFault(
      ClusterOperation operation, String clusterName, String statusReason, InjectedFault handle) {}
}
