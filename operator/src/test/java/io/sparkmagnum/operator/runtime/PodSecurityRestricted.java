package io.sparkmagnum.operator.runtime;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Pod Security Standard "restricted" (which includes "baseline"), field by field
 * as https://kubernetes.io/docs/concepts/security/pod-security-standards/ lists them, for the pod
 * template of a workload. Returns the violations, empty when the pod passes.
 */
final class PodSecurityRestricted {
  private static final Set<String> RESTRICTED_VOLUME_SOURCES =
      Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
  private static final Set<String> SAFE_SYSCTLS =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes");
  private static final Set<String> ALLOWED_SELINUX_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  private PodSecurityRestricted() {}

  static List<String> violations(PodTemplateSpec template) {
    List<String> violations = new ArrayList<>();
    PodSpec pod = template.getSpec();
    // baseline: AppArmor through the (deprecated) annotations
    Map<String, String> annotations =
        template.getMetadata() == null || template.getMetadata().getAnnotations() == null
            ? Map.of()
            : template.getMetadata().getAnnotations();
    annotations.forEach(
        (key, value) ->
            check(
                violations,
                !key.startsWith("container.apparmor.security.beta.kubernetes.io/")
                    || value.equals("runtime/default")
                    || value.startsWith("localhost/"),
                "annotation " + key + "=" + value + " is not allowed"));
    PodSecurityContext podContext = pod.getSecurityContext() == null ? new PodSecurityContext() : pod.getSecurityContext();

    // baseline: host namespaces
    check(violations, !Boolean.TRUE.equals(pod.getHostNetwork()), "spec.hostNetwork must not be true");
    check(violations, !Boolean.TRUE.equals(pod.getHostPID()), "spec.hostPID must not be true");
    check(violations, !Boolean.TRUE.equals(pod.getHostIPC()), "spec.hostIPC must not be true");
    check(
        violations,
        podContext.getWindowsOptions() == null || !Boolean.TRUE.equals(podContext.getWindowsOptions().getHostProcess()),
        "spec.securityContext.windowsOptions.hostProcess must not be true");
    // baseline: SELinux, sysctls, AppArmor at pod level
    seLinux(violations, "spec.securityContext", podContext.getSeLinuxOptions());
    if (podContext.getSysctls() != null) {
      podContext.getSysctls()
          .forEach(sysctl -> check(violations, SAFE_SYSCTLS.contains(sysctl.getName()), "sysctl " + sysctl.getName() + " is not allowed"));
    }
    appArmor(violations, "spec.securityContext", podContext.getAppArmorProfile());
    // restricted: seccomp at pod level (or on every container, checked below)
    boolean podSeccomp = allowedSeccomp(podContext.getSeccompProfile());
    check(
        violations,
        podContext.getSeccompProfile() == null || podSeccomp,
        "spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost");
    // restricted: volume types (baseline: no hostPath)
    for (Volume volume : nullSafe(pod.getVolumes())) {
      List<String> sources = volumeSources(volume);
      check(
          violations,
          sources.size() == 1 && RESTRICTED_VOLUME_SOURCES.contains(sources.get(0)),
          "volume " + volume.getName() + " has source " + sources + ", allowed are " + RESTRICTED_VOLUME_SOURCES);
    }
    // restricted: running as root
    boolean podNonRoot = Boolean.TRUE.equals(podContext.getRunAsNonRoot());
    check(violations, !Long.valueOf(0).equals(podContext.getRunAsUser()), "spec.securityContext.runAsUser must not be 0");

    List<Container> containers =
        Stream.of(nullSafe(pod.getInitContainers()), nullSafe(pod.getContainers())).flatMap(List::stream).toList();
    for (Container container : containers) {
      String where = "container " + container.getName();
      SecurityContext context = container.getSecurityContext() == null ? new SecurityContext() : container.getSecurityContext();
      check(violations, !Boolean.TRUE.equals(context.getPrivileged()), where + ": privileged must not be true");
      check(
          violations,
          Boolean.FALSE.equals(context.getAllowPrivilegeEscalation()),
          where + ": allowPrivilegeEscalation must be false");
      check(
          violations,
          Boolean.TRUE.equals(context.getRunAsNonRoot()) || (podNonRoot && context.getRunAsNonRoot() == null),
          where + ": runAsNonRoot must be true (on the container or the pod)");
      check(violations, !Long.valueOf(0).equals(context.getRunAsUser()), where + ": runAsUser must not be 0");
      check(
          violations,
          context.getSeccompProfile() == null ? podSeccomp : allowedSeccomp(context.getSeccompProfile()),
          where + ": seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
      Capabilities capabilities = context.getCapabilities() == null ? new Capabilities() : context.getCapabilities();
      check(violations, nullSafe(capabilities.getDrop()).contains("ALL"), where + ": capabilities must drop ALL");
      check(
          violations,
          nullSafe(capabilities.getAdd()).stream().allMatch("NET_BIND_SERVICE"::equals),
          where + ": capabilities may add NET_BIND_SERVICE only, not " + capabilities.getAdd());
      check(
          violations,
          context.getProcMount() == null || "Default".equals(context.getProcMount()),
          where + ": procMount must be Default");
      check(
          violations,
          context.getWindowsOptions() == null || !Boolean.TRUE.equals(context.getWindowsOptions().getHostProcess()),
          where + ": windowsOptions.hostProcess must not be true");
      seLinux(violations, where, context.getSeLinuxOptions());
      appArmor(violations, where, context.getAppArmorProfile());
      for (ContainerPort port : nullSafe(container.getPorts())) {
        check(
            violations,
            port.getHostPort() == null || port.getHostPort() == 0,
            where + ": hostPort " + port.getHostPort() + " is not allowed");
      }
    }
    return violations;
  }

  private static boolean allowedSeccomp(SeccompProfile profile) {
    return profile != null && ("RuntimeDefault".equals(profile.getType()) || "Localhost".equals(profile.getType()));
  }

  private static void seLinux(List<String> violations, String where, io.fabric8.kubernetes.api.model.SELinuxOptions options) {
    if (options == null) {
      return;
    }
    check(
        violations,
        options.getType() == null || ALLOWED_SELINUX_TYPES.contains(options.getType()),
        where + ": seLinuxOptions.type " + options.getType() + " is not allowed");
    check(violations, options.getUser() == null, where + ": seLinuxOptions.user must not be set");
    check(violations, options.getRole() == null, where + ": seLinuxOptions.role must not be set");
  }

  private static void appArmor(List<String> violations, String where, io.fabric8.kubernetes.api.model.AppArmorProfile profile) {
    check(
        violations,
        profile == null || Set.of("RuntimeDefault", "Localhost").contains(profile.getType()),
        where + ": appArmorProfile.type must be RuntimeDefault or Localhost");
  }

  /** The names of the sources a volume sets, e.g. [emptyDir]. */
  private static List<String> volumeSources(Volume volume) {
    Map<String, Object> fields = DeployManifests.asMap(volume);
    return fields.keySet().stream().filter(key -> !Objects.equals(key, "name")).sorted().toList();
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static void check(List<String> violations, boolean passes, String violation) {
    if (!passes) {
      violations.add(violation);
    }
  }
}
