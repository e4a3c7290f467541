package io.sparkmagnum.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Method and path to what RBAC authorizes, as Kubernetes' RequestInfoFactory derives it. */
class RequestAttributesTest {
  private static String of(String method, String path) {
    return RequestAttributes.of(method, path).toString();
  }

  @Test
  void collectionsAreListedOrWatchedItemsAreGot() {
    assertThat(of("GET", "/apis/sparkmagnum.io/v1alpha1/sparkclusters?resourceVersion=0"))
        .isEqualTo("list sparkclusters.sparkmagnum.io");
    assertThat(of("GET", "/apis/sparkmagnum.io/v1alpha1/sparkclusters?allowWatchBookmarks=true&watch=true"))
        .isEqualTo("watch sparkclusters.sparkmagnum.io");
    assertThat(of("GET", "/api/v1/namespaces/team-a/secrets/creds")).isEqualTo("get secrets in team-a named creds");
    assertThat(of("GET", "/api/v1/namespaces/team-a/secrets")).isEqualTo("list secrets in team-a");
    // a list or watch of one name (a field selector on metadata.name) is authorized for that name
    assertThat(of("GET", "/apis/coordination.k8s.io/v1/namespaces/op/leases?fieldSelector=metadata.name%3Dlock&watch=true"))
        .isEqualTo("watch leases.coordination.k8s.io in op named lock");
  }

  @Test
  void writesMapToTheirVerbs() {
    assertThat(of("POST", "/api/v1/namespaces/team-a/events")).isEqualTo("create events in team-a");
    assertThat(of("PUT", "/api/v1/namespaces/team-a/secrets/s")).isEqualTo("update secrets in team-a named s");
    assertThat(of("PATCH", "/apis/sparkmagnum.io/v1alpha1/namespaces/team-a/sparkclusters/analytics/status"))
        .isEqualTo("patch sparkclusters/status.sparkmagnum.io in team-a named analytics");
    assertThat(of("DELETE", "/api/v1/namespaces/team-a/secrets/s")).isEqualTo("delete secrets in team-a named s");
    assertThat(of("DELETE", "/api/v1/namespaces/team-a/secrets?labelSelector=a%3Db"))
        .isEqualTo("deletecollection secrets in team-a");
  }

  @Test
  void namespacesAreClusterScopedWithTheirOwnSubresources() {
    assertThat(of("GET", "/api/v1/namespaces/team-a")).isEqualTo("get namespaces in team-a named team-a");
    assertThat(of("PUT", "/api/v1/namespaces/team-a/finalize")).isEqualTo("update namespaces/finalize in team-a named team-a");
    assertThat(of("GET", "/api/v1/namespaces")).isEqualTo("list namespaces");
  }

  @Test
  void discoveryIsNoResourceRequest() {
    RequestAttributes version = RequestAttributes.of("GET", "/version");
    assertThat(version.resourceRequest()).isFalse();
    assertThat(version.toString()).isEqualTo("get /version");
    assertThat(RequestAttributes.of("GET", "/apis/sparkmagnum.io/v1alpha1").resourceRequest()).isFalse();
  }

  @Test
  void anOwnerReferenceThatBlocksDeletionNeedsTheOwnersFinalizers() {
    RequestAttributes create = RequestAttributes.of("POST", "/api/v1/namespaces/team-a/secrets");
    String blocking = """
        {"metadata":{"name":"k","ownerReferences":[{"apiVersion":"sparkmagnum.io/v1alpha1","kind":"SparkCluster",
         "name":"analytics","uid":"u","controller":true,"blockOwnerDeletion":true}]}}""";
    assertThat(RequestAttributes.ownerReferenceChecks(create, blocking)).singleElement().hasToString(
        "update sparkclusters/finalizers.sparkmagnum.io in team-a named analytics");
    assertThat(RequestAttributes.ownerReferenceChecks(create, blocking.replace("\"blockOwnerDeletion\":true",
        "\"blockOwnerDeletion\":false"))).isEmpty();
    assertThat(RequestAttributes.ownerReferenceChecks(RequestAttributes.of("GET", "/api/v1/namespaces/team-a/secrets/k"),
        blocking)).isEmpty();
  }
}
