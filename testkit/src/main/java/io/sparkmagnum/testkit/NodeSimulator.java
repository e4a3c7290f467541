package io.sparkmagnum.testkit;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What kubelet and the controller-manager would do in a bay, which the mock API does not: pods
 * become Running and Ready, a Deployment reports its replicas ready, a LoadBalancer Service gets an
 * external address. It can be paused to hold a cluster in a not-ready state, and given a startup
 * delay, the time a kubelet would take to pull an image and pass a readiness probe.
 */
public final class NodeSimulator implements AutoCloseable {
  public static final String EXTERNAL_IP = "203.0.113.10";

  private final KubernetesClient bay;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<SharedIndexInformer<?>> informers;
  private final Duration startupDelay;
  private final ScheduledExecutorService delayed;

  /** Objects become ready as soon as they are seen. */
  public NodeSimulator(KubernetesClient bay) {
    this(bay, Duration.ZERO);
  }

  /** Objects become ready the given time after they are seen. */
  public NodeSimulator(KubernetesClient bay, Duration startupDelay) {
    this.bay = bay;
    this.startupDelay = startupDelay;
    this.delayed = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "node-simulator");
      thread.setDaemon(true);
      return thread;
    });
    this.informers = List.of(
        bay.pods().inAnyNamespace().inform(handler(this::readyPod), 0),
        bay.apps().deployments().inAnyNamespace().inform(handler(this::readyDeployment), 0),
        bay.services().inAnyNamespace().inform(handler(this::exposeService), 0));
  }

  public void pause() {
    running.set(false);
  }

  /** Resumes and catches up with everything that changed meanwhile. */
  public void resume() {
    running.set(true);
    bay.pods().inAnyNamespace().list().getItems().forEach(this::readyPod);
    bay.apps().deployments().inAnyNamespace().list().getItems().forEach(this::readyDeployment);
    bay.services().inAnyNamespace().list().getItems().forEach(this::exposeService);
  }

  private <T> ResourceEventHandler<T> handler(java.util.function.Consumer<T> action) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        later(() -> action.accept(object));
      }

      @Override
      public void onUpdate(T before, T after) {
        later(() -> action.accept(after));
      }

      @Override
      public void onDelete(T object, boolean finalStateUnknown) {}
    };
  }

  private void later(Runnable action) {
    if (startupDelay.isZero()) {
      action.run();
    } else {
      delayed.schedule(action, startupDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void readyPod(Pod pod) {
    if (!running.get() || (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))) {
      return;
    }
    ignoreConflicts(() -> bay.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
        .editStatus(p -> {
          p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder()
              .withPhase("Running")
              .withPodIP("10.100.0." + (Math.abs(p.getMetadata().getName().hashCode()) % 250 + 2))
              .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
              .build());
          return p;
        }));
  }

  private void readyDeployment(Deployment deployment) {
    Integer wanted = deployment.getSpec().getReplicas();
    if (!running.get() || (deployment.getStatus() != null
        && Objects.equals(deployment.getStatus().getReadyReplicas(), wanted))) {
      return;
    }
    ignoreConflicts(() -> bay.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .editStatus(d -> {
          d.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
              .withReplicas(wanted)
              .withReadyReplicas(wanted)
              .withAvailableReplicas(wanted)
              .withUpdatedReplicas(wanted)
              .build());
          return d;
        }));
  }

  private void exposeService(Service service) {
    boolean loadBalancer = "LoadBalancer".equals(service.getSpec().getType());
    boolean exposed = service.getStatus() != null && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null
        && !service.getStatus().getLoadBalancer().getIngress().isEmpty();
    if (!running.get() || loadBalancer == exposed) {
      return;
    }
    ignoreConflicts(() -> bay.services().inNamespace(service.getMetadata().getNamespace())
        .withName(service.getMetadata().getName())
        .editStatus(s -> {
          s.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
              .withNewLoadBalancer()
                .withIngress(loadBalancer ? List.of(new LoadBalancerIngressBuilder().withIp(EXTERNAL_IP).build()) : List.of())
              .endLoadBalancer()
              .build());
          return s;
        }));
  }

  private static void ignoreConflicts(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      // the object changed or went away meanwhile: the informer brings the next version
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    delayed.shutdownNow();
  }
}
