package io.sparkmagnum.operator.openstack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRootName;
import io.sparkmagnum.operator.openstack.CloudCredentials.AuthMethod;
import io.sparkmagnum.operator.openstack.CloudCredentials.Identity;
import java.util.List;
import org.openstack4j.model.ModelEntity;

/**
 * The body of {@code POST /v3/auth/tokens}, for a password (user and project by id or by name in
 * a domain) or an application credential, which OpenStack4j's own model cannot express. Serialized
 * by OpenStack4j's root-wrapping mapper as {@code {"auth": {...}}}; null fields are left out.
 * {@code toString()} shows no secret.
 */
@JsonRootName("auth")
record KeystoneAuthRequest(@JsonProperty("identity") Methods identity, @JsonProperty("scope") Scope scope)
    implements ModelEntity {

  static KeystoneAuthRequest of(CloudCredentials credentials) {
    if (credentials.method() == AuthMethod.APPLICATION_CREDENTIAL) {
      CloudCredentials.ApplicationCredential credential = credentials.applicationCredential();
      User owner = credentials.user() == null ? null : User.of(credentials.user(), null);
      return new KeystoneAuthRequest(
          new Methods(List.of(AuthMethod.APPLICATION_CREDENTIAL.keystoneName()), null,
              new ApplicationCredential(credential.id(), credential.name(), credential.secret(), owner)),
          null);
    }
    Identity project = credentials.project();
    return new KeystoneAuthRequest(
        new Methods(List.of(AuthMethod.PASSWORD.keystoneName()),
            new Password(User.of(credentials.user(), credentials.password())), null),
        new Scope(new Project(project.id(), project.name(), Domain.of(project))));
  }

  @Override
  public String toString() {
    return "KeystoneAuthRequest[methods=" + identity.methods() + "]";
  }

  record Methods(
      @JsonProperty("methods") List<String> methods,
      @JsonProperty("password") Password password,
      @JsonProperty("application_credential") ApplicationCredential applicationCredential) {}

  record Password(@JsonProperty("user") User user) {}

  record User(
      @JsonProperty("id") String id,
      @JsonProperty("name") String name,
      @JsonProperty("domain") Domain domain,
      @JsonProperty("password") String password) {

    static User of(Identity user, String password) {
      return new User(user.id(), user.name(), Domain.of(user), password);
    }

    @Override
    public String toString() {
      return "User[id=" + id + ", name=" + name + "]";
    }
  }

  record ApplicationCredential(
      @JsonProperty("id") String id,
      @JsonProperty("name") String name,
      @JsonProperty("secret") String secret,
      @JsonProperty("user") User user) {

    @Override
    public String toString() {
      return "ApplicationCredential[id=" + id + ", name=" + name + "]";
    }
  }

  record Scope(@JsonProperty("project") Project project) {}

  record Project(
      @JsonProperty("id") String id, @JsonProperty("name") String name, @JsonProperty("domain") Domain domain) {}

  /** A domain by id, else by name; none for something given by id. */
  record Domain(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    static Domain of(Identity owner) {
      if (owner.id() != null) {
        return null;
      }
      return owner.domainId() != null ? new Domain(owner.domainId(), null) : new Domain(null, owner.domainName());
    }
  }
}
