package io.sparkmagnum.operator.rbac;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The RBAC rules that a set of manifests grants to one ServiceAccount, evaluated as Kubernetes' RBAC
 * authorizer evaluates them: a rule allows a resource request when its apiGroups, resources (with
 * {@code resource/subresource}), verbs and, when set, resourceNames match; a Role's rules hold in its
 * namespace only.
 */
final class RbacRules {
  /**
   * One rule and where it comes from.
   *
   * @param namespace the Role's namespace; null for a ClusterRole bound cluster-wide
   */
  record Grant(String source, String namespace, PolicyRule rule) {
    boolean allows(RequestAttributes request) {
      if (!request.resourceRequest()) {
        return rule.getNonResourceURLs() != null && rule.getNonResourceURLs().stream().anyMatch(url -> url.equals(
            request.path()) || url.endsWith("*") && request.path().startsWith(url.substring(0, url.length() - 1)))
            && matches(rule.getVerbs(), request.verb());
      }
      return (namespace == null || namespace.equals(request.namespace()))
          && matches(rule.getApiGroups(), request.apiGroup())
          && (matches(rule.getResources(), request.combinedResource())
              || !request.subresource().isEmpty() && matches(rule.getResources(), "*/" + request.subresource()))
          && matches(rule.getVerbs(), request.verb())
          && (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
              || rule.getResourceNames().contains(request.name()));
    }

    private static boolean matches(List<String> granted, String wanted) {
      return granted != null && (granted.contains("*") || granted.contains(wanted));
    }

    @Override
    public String toString() {
      return source + " " + rule.getApiGroups() + " " + rule.getResources()
          + (rule.getResourceNames() == null || rule.getResourceNames().isEmpty() ? "" : " names " + rule.getResourceNames())
          + " " + rule.getVerbs();
    }
  }

  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

  private final List<Grant> grants;

  private RbacRules(List<Grant> grants) {
    this.grants = List.copyOf(grants);
  }

  /** The rules of the ClusterRoles and Roles in the file that are bound to the ServiceAccount namespace/name. */
  static RbacRules forServiceAccount(Path manifests, String namespace, String name) {
    List<HasMetadata> objects = read(manifests);
    List<Grant> grants = new ArrayList<>();
    for (HasMetadata object : objects) {
      if (object instanceof ClusterRoleBinding binding && boundTo(binding.getSubjects(), namespace, name)) {
        clusterRole(objects, binding.getRoleRef()).ifPresent(role -> add(grants, "ClusterRole/" + role.getMetadata()
            .getName(), null, role.getRules()));
      } else if (object instanceof RoleBinding binding && boundTo(binding.getSubjects(), namespace, name)) {
        String bindingNamespace = binding.getMetadata().getNamespace();
        if ("ClusterRole".equals(binding.getRoleRef().getKind())) {
          clusterRole(objects, binding.getRoleRef()).ifPresent(role -> add(grants, "ClusterRole/"
              + role.getMetadata().getName() + " in " + bindingNamespace, bindingNamespace, role.getRules()));
        } else {
          objects.stream().filter(Role.class::isInstance).map(Role.class::cast)
              .filter(role -> role.getMetadata().getName().equals(binding.getRoleRef().getName())
                  && bindingNamespace.equals(role.getMetadata().getNamespace()))
              .findFirst()
              .ifPresent(role -> add(grants, "Role/" + bindingNamespace + "/" + role.getMetadata().getName(),
                  bindingNamespace, role.getRules()));
        }
      }
    }
    return new RbacRules(grants);
  }

  /** Every rule that was bound, in file order. */
  List<Grant> grants() {
    return grants;
  }

  /** The grants that allow the request; empty when RBAC denies it. */
  List<Grant> allowing(RequestAttributes request) {
    return grants.stream().filter(grant -> grant.allows(request)).toList();
  }

  /** The rules that hold in a namespace, as a SelfSubjectRulesReview for it lists them. */
  List<PolicyRule> rulesIn(String namespace) {
    return grants.stream().filter(grant -> grant.namespace() == null || grant.namespace().equals(namespace))
        .map(Grant::rule).toList();
  }

  private static void add(List<Grant> grants, String source, String namespace, List<PolicyRule> rules) {
    for (int i = 0; i < rules.size(); i++) {
      grants.add(new Grant(source + " rule " + (i + 1), namespace, rules.get(i)));
    }
  }

  private static boolean boundTo(List<Subject> subjects, String namespace, String name) {
    return subjects != null && subjects.stream().anyMatch(subject -> "ServiceAccount".equals(subject.getKind())
        && name.equals(subject.getName()) && namespace.equals(subject.getNamespace()));
  }

  private static Optional<ClusterRole> clusterRole(List<HasMetadata> objects, RoleRef ref) {
    return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .filter(role -> role.getMetadata().getName().equals(ref.getName())).findFirst();
  }

  private static List<HasMetadata> read(Path file) {
    List<HasMetadata> objects = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(Files.readString(file))) {
      var documents = new YAMLMapper().readValues(parser, new TypeReference<Map<String, Object>>() {});
      while (documents.hasNext()) {
        Map<String, Object> document = documents.next();
        if (document != null && !document.isEmpty()) {
          objects.add(KUBERNETES.convertValue(document, HasMetadata.class));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return objects;
  }
}
