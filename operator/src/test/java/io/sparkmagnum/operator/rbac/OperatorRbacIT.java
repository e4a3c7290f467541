package io.sparkmagnum.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkmagnum.api.v1alpha1.Condition;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import io.sparkmagnum.api.v1alpha1.SparkClusterStatus;
import io.sparkmagnum.operator.runtime.OperatorRuntime;
import io.sparkmagnum.operator.runtime.Settings;
import io.sparkmagnum.operator.testing.OperatorHarness;
import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.testkit.KubeApi;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The operator runs under the RBAC of deploy/rbac.yaml: every request it makes to the management
 * API during a SparkCluster's life (with leader election on) is one those rules allow, and every rule
 * there is needed by at least one such request. The operator's requests are told from the test's own
 * by the User-Agent of the operator's client. Besides the request itself, the API server checks the
 * owner references it sets (OwnerReferencesPermissionEnforcement), which is checked here too.
 */
@Tag("integration")
class OperatorRbacIT {
  private static final String OPERATOR_NAMESPACE = "spark-magnum-operator";
  private static final String SERVICE_ACCOUNT = "spark-magnum-operator";
  private static final String SSRR_PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  private static final Path RBAC = Path.of(System.getProperty("deploy.dir", "../deploy"), "rbac.yaml");
  /**
   * What every authenticated user may do by Kubernetes' default ClusterRoles (system:basic-user,
   * system:discovery), whatever deploy/ grants: not counted as rules of deploy/.
   */
  private static final List<RbacRules.Grant> KUBERNETES_DEFAULTS = List.of(
      new RbacRules.Grant("ClusterRole/system:basic-user", null, new PolicyRuleBuilder()
          .withApiGroups("authorization.k8s.io").withResources("selfsubjectaccessreviews", "selfsubjectrulesreviews")
          .withVerbs("create").build()),
      new RbacRules.Grant("ClusterRole/system:discovery", null, new PolicyRuleBuilder()
          .withNonResourceURLs("/api", "/api/*", "/apis", "/apis/*", "/version", "/openapi", "/openapi/*")
          .withVerbs("get").build()));

  private OperatorHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).ignoreExceptions();
  }

  @Test
  void theOperatorNeedsExactlyTheRulesOfDeploy() {
    RbacRules rbac = RbacRules.forServiceAccount(RBAC, OPERATOR_NAMESPACE, SERVICE_ACCOUNT);
    assertThat(rbac.grants()).as("rules bound to the operator's ServiceAccount").isNotEmpty();
    harness = OperatorHarness.withoutOperator(UnaryOperator.identity(), Map.of(
        Settings.LEADER_ELECTION_NAMESPACE, OPERATOR_NAMESPACE, Settings.POD_NAME, "operator-0"));
    // what the API server answers the SDK's access check with, for the operator's ServiceAccount
    harness.management.answerPost(SSRR_PATH, Serialization.asJson(new SelfSubjectRulesReviewBuilder()
        .withNewStatus()
          .withIncomplete(false)
          .withResourceRules(rbac.rulesIn(OPERATOR_NAMESPACE).stream()
              .map(rule -> new ResourceRule(rule.getApiGroups(), rule.getResourceNames(), rule.getResources(),
                  rule.getVerbs()))
              .toList())
        .endStatus()
        .build()));
    harness.startOperator();
    eventually().until(() -> "operator-0".equals(lease().getSpec().getHolderIdentity()));

    // a SparkCluster's life: create until Ready, scale its workers, delete until the finalizer is gone
    harness.namespaceWithCredentials("team-a");
    harness.apply(OperatorHarness.sparkCluster("team-a", "analytics", DemoCloud.TEMPLATE_NAME));
    awaitReadyWith(2);
    harness.resource("team-a", "analytics").edit(cluster -> {
      cluster.getSpec().getWorkers().setReplicas(3);
      return cluster;
    });
    awaitReadyWith(3);
    harness.resource("team-a", "analytics").delete();
    eventually().until(() -> harness.get("team-a", "analytics") == null);
    // the leader has renewed its Lease at least once meanwhile
    var renewedAt = lease().getSpec().getRenewTime();
    eventually().until(() -> !lease().getSpec().getRenewTime().equals(renewedAt));
    harness.stopOperator();

    List<KubeApi.Request> requests = harness.management.requests().stream()
        .filter(request -> OperatorHarness.OPERATOR_USER_AGENT.equals(request.userAgent()))
        .toList();
    assertThat(requests).as("the operator's requests are told apart").isNotEmpty();
    Map<String, List<String>> grantsUsed = new LinkedHashMap<>();
    Set<String> denied = new HashSet<>();
    List<RequestAttributes> checks = new ArrayList<>();
    for (KubeApi.Request request : requests) {
      RequestAttributes attributes = RequestAttributes.of(request.method(), request.path());
      checks.add(attributes);
      checks.addAll(RequestAttributes.ownerReferenceChecks(attributes, request.body()));
    }
    for (RequestAttributes attributes : checks) {
      List<RbacRules.Grant> allowing = rbac.allowing(attributes);
      allowing.forEach(grant -> grantsUsed.computeIfAbsent(grant.source(), source -> new ArrayList<>())
          .add(attributes.toString()));
      if (allowing.isEmpty() && KUBERNETES_DEFAULTS.stream().noneMatch(grant -> grant.allows(attributes))) {
        denied.add(attributes.toString());
      }
    }
    assertThat(denied).as("requests of the operator that deploy/rbac.yaml does not allow").isEmpty();
    assertThat(rbac.grants()).as("rules of deploy/rbac.yaml that no request of the operator needed; used: %s",
            grantsUsed)
        .allSatisfy(grant -> assertThat(grantsUsed).containsKey(grant.source()));
  }

  private Lease lease() {
    return harness.management.client().leases().inNamespace(OPERATOR_NAMESPACE).withName(OperatorRuntime.LEASE_NAME)
        .get();
  }

  private void awaitReadyWith(int workers) {
    eventually().untilAsserted(() -> {
      SparkCluster cluster = harness.get("team-a", "analytics");
      SparkClusterStatus status = cluster.getStatus();
      assertThat(status.condition("Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo(Condition.TRUE));
      assertThat(status.getWorkers().getReady()).isEqualTo(workers);
      assertThat(status.getObservedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
    });
  }
}
