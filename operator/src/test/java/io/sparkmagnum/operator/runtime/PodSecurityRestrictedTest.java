package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The operator's Deployment passes Pod Security "restricted", and the check catches each breach. */
class PodSecurityRestrictedTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private static PodTemplateSpec shippedPod() {
    return DeployManifests.only(DeployManifests.objects(), Deployment.class).getSpec().getTemplate();
  }

  private static List<String> violationsAfter(Consumer<PodTemplateSpec> change) {
    PodTemplateSpec pod = SERIALIZATION.clone(shippedPod());
    change.accept(pod);
    return PodSecurityRestricted.violations(pod);
  }

  @Test
  void theShippedDeploymentPasses() {
    assertThat(PodSecurityRestricted.violations(shippedPod())).isEmpty();
  }

  @Test
  void theShippedDeploymentSetsEveryRestrictedFieldItself() {
    var pod = shippedPod().getSpec();
    var container = pod.getContainers().get(0).getSecurityContext();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getPrivileged()).isNull();
  }

  @Test
  void catchesPrivilegeEscalation() {
    assertThat(violationsAfter(pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setAllowPrivilegeEscalation(null)))
        .containsExactly("container operator: allowPrivilegeEscalation must be false");
  }

  @Test
  void catchesPrivileged() {
    assertThat(violationsAfter(pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setPrivileged(true)))
        .containsExactly("container operator: privileged must not be true");
  }

  @Test
  void catchesRunningAsRoot() {
    assertThat(
            violationsAfter(
                pod -> {
                  pod.getSpec().getSecurityContext().setRunAsNonRoot(null);
                  pod.getSpec().getContainers().get(0).getSecurityContext().setRunAsNonRoot(null);
                }))
        .containsExactly("container operator: runAsNonRoot must be true (on the container or the pod)");
    assertThat(violationsAfter(pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setRunAsUser(0L)))
        .containsExactly("container operator: runAsUser must not be 0");
  }

  @Test
  void catchesMissingOrUnconfinedSeccomp() {
    assertThat(
            violationsAfter(
                pod -> {
                  pod.getSpec().getSecurityContext().setSeccompProfile(null);
                  pod.getSpec().getContainers().get(0).getSecurityContext().setSeccompProfile(null);
                }))
        .containsExactly("container operator: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setSeccompProfile(new SeccompProfile(null, "Unconfined"))))
        .containsExactly("container operator: seccompProfile.type must be RuntimeDefault or Localhost (on the container or the pod)");
  }

  @Test
  void catchesCapabilities() {
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setCapabilities(new Capabilities(List.of("NET_ADMIN"), List.of("ALL")))))
        .containsExactly("container operator: capabilities may add NET_BIND_SERVICE only, not [NET_ADMIN]");
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setCapabilities(new Capabilities(List.of("NET_BIND_SERVICE"), List.of("ALL")))))
        .isEmpty();
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getContainers().get(0).getSecurityContext().setCapabilities(new Capabilities(null, List.of("NET_RAW")))))
        .containsExactly("container operator: capabilities must drop ALL");
  }

  @Test
  void catchesHostNamespacesAndPorts() {
    assertThat(
            violationsAfter(
                pod -> {
                  pod.getSpec().setHostNetwork(true);
                  pod.getSpec().setHostPID(true);
                  pod.getSpec().setHostIPC(true);
                  pod.getSpec().getContainers().get(0).getPorts().add(new ContainerPortBuilder().withContainerPort(9).withHostPort(9).build());
                }))
        .containsExactlyInAnyOrder(
            "spec.hostNetwork must not be true",
            "spec.hostPID must not be true",
            "spec.hostIPC must not be true",
            "container operator: hostPort 9 is not allowed");
  }

  @Test
  void catchesVolumeTypes() {
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getVolumes().add(new VolumeBuilder().withName("host").withNewHostPath().withPath("/").endHostPath().build())))
        .singleElement()
        .asString()
        .startsWith("volume host has source [hostPath]");
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getVolumes().add(new VolumeBuilder().withName("nfs").withNewNfs().withServer("x").withPath("/").endNfs().build())))
        .singleElement()
        .asString()
        .startsWith("volume nfs has source [nfs]");
    assertThat(
            violationsAfter(
                pod -> pod.getSpec().getVolumes().add(new VolumeBuilder().withName("creds").withNewSecret().withSecretName("s").endSecret().build())))
        .isEmpty();
  }

  @Test
  void catchesAppArmorAndSeLinuxOverrides() {
    assertThat(
            violationsAfter(
                pod -> {
                  pod.getMetadata().setAnnotations(java.util.Map.of("container.apparmor.security.beta.kubernetes.io/operator", "unconfined"));
                  pod.getSpec().getContainers().get(0).getSecurityContext().setSeLinuxOptions(new io.fabric8.kubernetes.api.model.SELinuxOptions(null, null, "spc_t", null));
                }))
        .containsExactlyInAnyOrder(
            "annotation container.apparmor.security.beta.kubernetes.io/operator=unconfined is not allowed",
            "container operator: seLinuxOptions.type spc_t is not allowed");
  }
}
