package io.sparkmagnum.operator.runtime;

import static io.sparkmagnum.operator.runtime.DeployManifests.NAMESPACE;
import static io.sparkmagnum.operator.runtime.DeployManifests.named;
import static io.sparkmagnum.operator.runtime.DeployManifests.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** deploy/ read file by file (no kubectl needed): what it installs and with which rights. */
class DeployManifestsTest {
  private static final String OPERATOR = "spark-magnum-operator";
  private final List<HasMetadata> objects = DeployManifests.objects();

  private Deployment deployment() {
    return only(objects, Deployment.class);
  }

  private Container operatorContainer() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private Map<String, EnvVar> env() {
    return operatorContainer().getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @Test
  void installsExactlyTheseObjects() {
    assertThat(objects)
        .extracting(object -> object.getKind(), object -> object.getMetadata().getName(), object -> object.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(
            tuple("Namespace", OPERATOR, null),
            tuple("CustomResourceDefinition", "sparkclusters.sparkmagnum.io", null),
            tuple("ServiceAccount", OPERATOR, NAMESPACE),
            tuple("ClusterRole", OPERATOR, null),
            tuple("ClusterRoleBinding", OPERATOR, null),
            tuple("Role", OPERATOR + "-leader-election", NAMESPACE),
            tuple("RoleBinding", OPERATOR + "-leader-election", NAMESPACE),
            tuple("Deployment", OPERATOR, NAMESPACE),
            tuple("Service", OPERATOR + "-metrics", NAMESPACE));
    assertThat(only(objects, CustomResourceDefinition.class).getSpec().getGroup()).isEqualTo("sparkmagnum.io");
  }

  @Test
  void theNamespaceEnforcesPodSecurityRestricted() {
    Map<String, String> labels = only(objects, Namespace.class).getMetadata().getLabels();

    assertThat(labels)
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
        .containsEntry("pod-security.kubernetes.io/audit", "restricted")
        .containsEntry("pod-security.kubernetes.io/warn", "restricted");
  }

  @Test
  void theDeploymentRunsOneOperatorAsItsServiceAccount() {
    Deployment deployment = deployment();

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(only(objects, ServiceAccount.class).getMetadata().getName());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(operatorContainer().getImage()).isEqualTo("spark-magnum-operator");
  }

  @Test
  void theDeploymentsSettingsAreValid() {
    Map<String, String> environment = new HashMap<>();
    env().values().forEach(e -> environment.put(e.getName(), e.getValue()));
    // what the downward API fills in
    environment.put("LEADER_ELECTION_NAMESPACE", NAMESPACE);
    environment.put("POD_NAME", "spark-magnum-operator-5d4f7c9b8-x2x7q");

    Settings settings = Settings.fromEnvironment(environment);

    assertThat(settings.watchesAllNamespaces()).isTrue();
    assertThat(settings.leaderElectionNamespace()).contains(NAMESPACE);
    assertThat(env().get("LEADER_ELECTION_NAMESPACE").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    assertThat(env().get("POD_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    assertThat(env()).containsKeys("WATCH_NAMESPACES", "METRICS_PORT", "MAGNUM_POLL_INTERVAL", "RESYNC_INTERVAL", "LOG_FORMAT");

    Container container = operatorContainer();
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("metrics");
              assertThat(port.getContainerPort()).isEqualTo(settings.metricsPort());
            });
  }

  @Test
  void probesUseTheEndpoints() {
    Container container = operatorContainer();

    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    // the startup probe allows for the informers' initial sync (at most 2 minutes)
    assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(120);
  }

  @Test
  void requestsAndLimitsForCpuAndMemory() {
    var resources = operatorContainer().getResources();

    assertThat(resources.getRequests()).containsKeys("cpu", "memory");
    assertThat(resources.getLimits()).containsKeys("cpu", "memory");
  }

  @Test
  void theGracePeriodOutlastsTheReconciliationsStop() {
    assertThat(deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(OperatorRuntime.RECONCILIATION_TERMINATION_TIMEOUT.toSeconds());
  }

  @Test
  void readOnlyRootWithAWritableTmp() {
    var pod = deployment().getSpec().getTemplate().getSpec();

    assertThat(operatorContainer().getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operatorContainer().getVolumeMounts())
        .singleElement()
        .satisfies(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(
            volume -> {
              assertThat(volume.getName()).isEqualTo(operatorContainer().getVolumeMounts().get(0).getName());
              assertThat(volume.getEmptyDir()).isNotNull();
            });
  }

  @Test
  void theMetricsServiceSelectsTheOperatorPod() {
    Service service = only(objects, Service.class);

    assertThat(deployment().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(
            port -> {
              assertThat(port.getName()).isEqualTo("metrics");
              assertThat(port.getTargetPort().getStrVal()).isEqualTo("metrics");
            });
  }

  @Test
  void theOptionalServiceMonitorScrapesTheMetricsService() {
    var dir = DeployManifests.deployDir().resolve("optional");
    @SuppressWarnings("unchecked")
    List<String> resources = (List<String>) DeployManifests.kustomization(dir).get("resources");
    Map<String, Object> monitor = DeployManifests.documents(dir.resolve(resources.get(0))).get(0);
    Service service = only(objects, Service.class);

    assertThat(monitor).containsEntry("kind", "ServiceMonitor");
    assertThat(DeployManifests.kustomization(DeployManifests.deployDir()).get("resources").toString())
        .as("not installed by default")
        .doesNotContain("servicemonitor");
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) monitor.get("spec");
    assertThat(spec.toString()).contains("port=metrics", "path=/metrics");
    @SuppressWarnings("unchecked")
    Map<String, String> selected = (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(selected);
    assertThat(((Map<?, ?>) monitor.get("metadata")).get("namespace")).isEqualTo(service.getMetadata().getNamespace());
  }

  @Test
  void theImageTagFollowsTheProjectVersion() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> images =
        (List<Map<String, Object>>) DeployManifests.kustomization(DeployManifests.deployDir()).get("images");

    assertThat(images)
        .singleElement()
        .satisfies(
            image -> {
              assertThat(image).containsEntry("name", operatorContainer().getImage());
              assertThat(image).containsEntry("newTag", System.getProperty("project.version"));
            });
  }

  // --- RBAC ---------------------------------------------------------------------------------

  /** "group/resource verb" for every permission of the rules, resource names appended when set. */
  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            String names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? "" : " " + rule.getResourceNames();
            permissions.add(group + "/" + resource + " " + verb + names);
          }
        }
      }
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }
    return permissions;
  }

  @Test
  void noWildcards() {
    for (HasMetadata object : objects) {
      List<PolicyRule> rules =
          object instanceof ClusterRole clusterRole ? clusterRole.getRules() : object instanceof Role role ? role.getRules() : List.of();
      for (PolicyRule rule : rules) {
        assertThat(rule.getApiGroups()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*").noneMatch(resource -> resource.endsWith("/*"));
        assertThat(rule.getVerbs()).doesNotContain("*");
      }
    }
  }

  @Test
  void theClusterRoleGrantsWhatTheOperatorDoesInTheManagementClusterAndNothingElse() {
    assertThat(permissions(only(objects, ClusterRole.class).getRules()))
        .containsExactlyInAnyOrder(
            "sparkmagnum.io/sparkclusters get",
            "sparkmagnum.io/sparkclusters list",
            "sparkmagnum.io/sparkclusters watch",
            "sparkmagnum.io/sparkclusters update",
            "sparkmagnum.io/sparkclusters patch",
            "sparkmagnum.io/sparkclusters/status get",
            "sparkmagnum.io/sparkclusters/status update",
            "sparkmagnum.io/sparkclusters/status patch",
            "/secrets get",
            "/secrets list",
            "/secrets watch",
            "/secrets create",
            "/secrets update",
            "/secrets patch",
            "/secrets delete",
            "/events create");
  }

  @Test
  void leaderElectionMayUseOnlyTheOperatorsLease() {
    Role role = only(objects, Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(deployment().getMetadata().getNamespace());
    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrder(
            "coordination.k8s.io/leases create",
            "coordination.k8s.io/leases get [" + OperatorRuntime.LEASE_NAME + "]",
            "coordination.k8s.io/leases update [" + OperatorRuntime.LEASE_NAME + "]",
            "coordination.k8s.io/leases patch [" + OperatorRuntime.LEASE_NAME + "]");
  }

  @Test
  void bothRolesAreBoundToTheOperatorsServiceAccountOnly() {
    ServiceAccount account = only(objects, ServiceAccount.class);
    ClusterRoleBinding clusterBinding = only(objects, ClusterRoleBinding.class);
    RoleBinding binding = only(objects, RoleBinding.class);

    for (List<Subject> subjects : List.of(clusterBinding.getSubjects(), binding.getSubjects())) {
      assertThat(subjects)
          .singleElement()
          .satisfies(
              subject -> {
                assertThat(subject.getKind()).isEqualTo("ServiceAccount");
                assertThat(subject.getName()).isEqualTo(account.getMetadata().getName());
                assertThat(subject.getNamespace()).isEqualTo(account.getMetadata().getNamespace());
              });
    }
    assertThat(clusterBinding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(named(objects, ClusterRole.class, clusterBinding.getRoleRef().getName())).isNotNull();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(named(objects, Role.class, binding.getRoleRef().getName()).getMetadata().getNamespace())
        .isEqualTo(binding.getMetadata().getNamespace());
  }
}
