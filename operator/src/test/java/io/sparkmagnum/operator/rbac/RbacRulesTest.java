package io.sparkmagnum.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RBAC rules evaluated as the authorizer evaluates them. */
class RbacRulesTest {
  private static final String MANIFESTS = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: op}
      rules:
        - apiGroups: ["sparkmagnum.io"]
          resources: ["sparkclusters", "sparkclusters/status"]
          verbs: ["get", "patch"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRoleBinding
      metadata: {name: op}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: op}
      subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata: {name: lease, namespace: ops}
      rules:
        - apiGroups: ["coordination.k8s.io"]
          resources: ["leases"]
          resourceNames: ["lock"]
          verbs: ["get"]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: lease, namespace: ops}
      roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lease}
      subjects: [{kind: ServiceAccount, name: op, namespace: ops}]
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata: {name: unbound}
      rules:
        - apiGroups: [""]
          resources: ["secrets"]
          verbs: ["get"]
      """;

  private static boolean allowed(RbacRules rules, String method, String path) {
    return !rules.allowing(RequestAttributes.of(method, path)).isEmpty();
  }

  @Test
  void allowsWhatTheBoundRulesGrantAndNothingElse(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("rbac.yaml"), MANIFESTS);
    RbacRules rules = RbacRules.forServiceAccount(file, "ops", "op");

    assertThat(rules.grants()).hasSize(2);
    assertThat(allowed(rules, "PATCH", "/apis/sparkmagnum.io/v1alpha1/namespaces/a/sparkclusters/x/status")).isTrue();
    assertThat(allowed(rules, "GET", "/apis/sparkmagnum.io/v1alpha1/namespaces/a/sparkclusters/x")).isTrue();
    assertThat(allowed(rules, "GET", "/apis/sparkmagnum.io/v1alpha1/sparkclusters")).as("list is not get").isFalse();
    assertThat(allowed(rules, "PUT", "/apis/sparkmagnum.io/v1alpha1/namespaces/a/sparkclusters/x")).isFalse();
    assertThat(allowed(rules, "GET", "/api/v1/namespaces/a/secrets/s")).as("an unbound ClusterRole").isFalse();
    // a Role holds in its namespace, for its resource names
    assertThat(allowed(rules, "GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/lock")).isTrue();
    assertThat(allowed(rules, "GET", "/apis/coordination.k8s.io/v1/namespaces/other/leases/lock")).isFalse();
    assertThat(allowed(rules, "GET", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/other")).isFalse();
    assertThat(rules.rulesIn("ops")).hasSize(2);
    assertThat(rules.rulesIn("other")).hasSize(1);
  }
}
