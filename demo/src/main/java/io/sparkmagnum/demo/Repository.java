package io.sparkmagnum.demo;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sparkmagnum.api.v1alpha1.SparkCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The committed files the demo applies: the CRD and the samples, read from the repository. */
final class Repository {
  static final Path CRD = Path.of("crd", "sparkclusters.sparkmagnum.io-v1.yml");
  static final Path SECRET_SAMPLE = Path.of("samples", "secret-password.yaml");
  static final Path CLUSTER_SAMPLE = Path.of("samples", "sparkcluster-minimal.yaml");
  static final String CLOUDS_YAML = "clouds.yaml";

  private static final Pattern AUTH_URL = Pattern.compile("(?m)^([ \\t]*auth_url:[ \\t]*)\\S+[ \\t]*$");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z-]+>");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Repository() {}

  /** The nearest directory, from {@code start} upwards, that holds the committed CRD and the samples. */
  static Path locate(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(CRD)) && Files.isRegularFile(dir.resolve(CLUSTER_SAMPLE))) {
        return dir;
      }
    }
    throw new IllegalArgumentException("no repository of spark-magnum-operator (with " + CRD + " and "
        + CLUSTER_SAMPLE + ") in " + start.toAbsolutePath() + " or above it: run the demo from the repository");
  }

  /** The minimal sample SparkCluster, in the given namespace (the sample leaves it to kubectl -n). */
  static SparkCluster minimalCluster(Path repository, String namespace) {
    SparkCluster cluster = read(repository.resolve(CLUSTER_SAMPLE), SparkCluster.class);
    cluster.getMetadata().setNamespace(namespace);
    return cluster;
  }

  /**
   * The sample credentials Secret with its placeholders filled in: the given Keystone auth URL and
   * the given user, password and project.
   *
   * @throws IllegalStateException when the sample holds a placeholder this demo does not know
   */
  static Secret credentials(Path repository, String namespace, String authUrl, String user, String password,
      String project) {
    Secret secret = read(repository.resolve(SECRET_SAMPLE), Secret.class);
    secret.getMetadata().setNamespace(namespace);
    Map<String, String> values = new HashMap<>(secret.getStringData());
    values.put(CLOUDS_YAML, fillIn(values.get(CLOUDS_YAML), authUrl, user, password, project));
    secret.setStringData(values);
    return secret;
  }

  static String fillIn(String cloudsYaml, String authUrl, String user, String password, String project) {
    if (cloudsYaml == null || !AUTH_URL.matcher(cloudsYaml).find()) {
      throw new IllegalStateException(SECRET_SAMPLE + " has no clouds.yaml with an auth_url");
    }
    String filled = AUTH_URL.matcher(cloudsYaml).replaceFirst("$1" + Matcher.quoteReplacement(authUrl))
        .replace("<user-name>", user)
        .replace("<password>", password)
        .replace("<project-name>", project);
    Matcher left = PLACEHOLDER.matcher(filled);
    if (left.find()) {
      throw new IllegalStateException(SECRET_SAMPLE + " has a placeholder the demo cannot fill in: " + left.group());
    }
    return filled;
  }

  private static <T> T read(Path file, Class<T> type) {
    try {
      return SERIALIZATION.unmarshal(Files.readString(file), type);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
