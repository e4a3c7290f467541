package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The jar `mvn package` builds for `java -jar`. */
@Tag("integration")
class RunnableJarIT {
  private static final Path JAR = Path.of(System.getProperty("runnable.jar", "target/runnable.jar"));

  @Test
  void aBadSettingEndsTheProcessWithStatus2AndOneLine() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString());
    builder.environment().put("METRICS_PORT", "http");
    Process process = builder.start();

    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(err).isEqualTo("METRICS_PORT=\"http\" is invalid: expected a port number from 1 to 65535" + System.lineSeparator());
    assertThat(out).isEmpty();
  }

  @Test
  void startsMainAndNamesItsVersion() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      var attributes = jar.getManifest().getMainAttributes();
      assertThat(attributes.getValue("Main-Class")).isEqualTo(Main.class.getName());
      assertThat(attributes.getValue("Implementation-Version")).isNotBlank();
      assertThat(attributes.getValue("Multi-Release")).isEqualTo("true");
      assertThat(jar.stream().map(entry -> entry.getName()))
          .as("no signature of a signed dependency survives in the merged jar")
          .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
    }
  }

  /** The jar alone, without the test class path, finds the implementations its libraries look up. */
  @Test
  void serviceLoaderRegistrationsSurvive() throws Exception {
    try (URLClassLoader jarOnly = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      assertThat(providers(jarOnly, "io.fabric8.kubernetes.client.http.HttpClient$Factory"))
          .containsExactly("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory");
      assertThat(providers(jarOnly, "org.openstack4j.core.transport.HttpExecutorService"))
          .containsExactly("io.sparkmagnum.operator.openstack.JdkHttpConnector");
      assertThat(providers(jarOnly, "org.slf4j.spi.SLF4JServiceProvider"))
          .containsExactly("ch.qos.logback.classic.spi.LogbackServiceProvider");
    }
  }

  private static List<String> providers(ClassLoader loader, String service) throws ClassNotFoundException {
    return ServiceLoader.load(loader.loadClass(service), loader).stream().map(provider -> provider.type().getName()).toList();
  }
}
