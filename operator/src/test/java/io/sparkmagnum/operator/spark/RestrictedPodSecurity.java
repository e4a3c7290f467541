package io.sparkmagnum.operator.spark;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Pod Security Standard "restricted" profile (which includes "baseline") as the Kubernetes
 * documentation lists them, applied to a pod spec.
 */
final class RestrictedPodSecurity {
  private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of(
      "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");

  private RestrictedPodSecurity() {}

  /** What the admission of a "restricted" namespace would reject, empty when the pod passes. */
  static List<String> violations(PodSpec pod) {
    List<String> violations = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
        || Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("host namespaces");
    }
    for (Volume volume : pod.getVolumes()) {
      if (volumeTypes(volume).stream().anyMatch(type -> !RESTRICTED_VOLUME_TYPES.contains(type))) {
        violations.add("volume " + volume.getName() + " of type " + volumeTypes(volume));
      }
    }
    PodSecurityContext podContext = pod.getSecurityContext();
    boolean podRunsAsNonRoot = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    boolean podSeccompConfined = podContext != null && confined(podContext.getSeccompProfile());
    if (podContext != null && Long.valueOf(0).equals(podContext.getRunAsUser())) {
      violations.add("pod runs as uid 0");
    }
    if (podContext != null && podContext.getSeccompProfile() != null && !podSeccompConfined) {
      violations.add("pod seccomp profile " + podContext.getSeccompProfile().getType());
    }
    if (podContext != null && !podContext.getSysctls().isEmpty()) {
      violations.add("sysctls");
    }
    for (Container container : Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList()) {
      String name = "container " + container.getName() + ": ";
      SecurityContext context = container.getSecurityContext();
      if (context == null) {
        violations.add(name + "no securityContext");
        continue;
      }
      if (Boolean.TRUE.equals(context.getPrivileged())) {
        violations.add(name + "privileged");
      }
      if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
        violations.add(name + "allowPrivilegeEscalation is not false");
      }
      if (!(podRunsAsNonRoot || Boolean.TRUE.equals(context.getRunAsNonRoot()))
          || Boolean.FALSE.equals(context.getRunAsNonRoot())) {
        violations.add(name + "runAsNonRoot is not true");
      }
      if (Long.valueOf(0).equals(context.getRunAsUser())) {
        violations.add(name + "runs as uid 0");
      }
      boolean seccompConfined = context.getSeccompProfile() == null ? podSeccompConfined
          : confined(context.getSeccompProfile());
      if (!seccompConfined) {
        violations.add(name + "seccomp profile is neither RuntimeDefault nor Localhost");
      }
      Capabilities capabilities = context.getCapabilities();
      if (capabilities == null || !capabilities.getDrop().contains("ALL")) {
        violations.add(name + "capabilities do not drop ALL");
      }
      if (capabilities != null && capabilities.getAdd().stream().anyMatch(add -> !add.equals("NET_BIND_SERVICE"))) {
        violations.add(name + "adds capabilities " + capabilities.getAdd());
      }
      if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
        violations.add(name + "procMount " + context.getProcMount());
      }
      for (ContainerPort port : container.getPorts()) {
        if (port.getHostPort() != null && port.getHostPort() != 0) {
          violations.add(name + "hostPort " + port.getHostPort());
        }
      }
    }
    return violations;
  }

  private static boolean confined(SeccompProfile profile) {
    return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static List<String> volumeTypes(Volume volume) {
    List<String> types = new ArrayList<>();
    if (volume.getConfigMap() != null) {
      types.add("configMap");
    }
    if (volume.getEmptyDir() != null) {
      types.add("emptyDir");
    }
    if (volume.getSecret() != null) {
      types.add("secret");
    }
    if (volume.getProjected() != null) {
      types.add("projected");
    }
    if (volume.getPersistentVolumeClaim() != null) {
      types.add("persistentVolumeClaim");
    }
    if (volume.getHostPath() != null) {
      types.add("hostPath");
    }
    if (types.isEmpty()) {
      types.add("other");
    }
    return types;
  }
}
