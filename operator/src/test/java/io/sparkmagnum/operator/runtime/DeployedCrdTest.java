package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/crd/ holds a copy of the committed CRD, because kustomize reads nothing outside deploy/.
 * The committed crd/sparkclusters.sparkmagnum.io-v1.yml stays the single source: these tests fail
 * when the copy drifts. To refresh it: cp crd/sparkclusters.sparkmagnum.io-v1.yml deploy/crd/
 */
class DeployedCrdTest {
  private static final String FILE = "sparkclusters.sparkmagnum.io-v1.yml";

  private static String deployedCopy() throws IOException {
    return Files.readString(DeployManifests.deployDir().resolve("crd").resolve(FILE));
  }

  @Test
  void theCopyIsTheCrdGeneratedFromTheModel() throws IOException {
    String generated;
    // written by the CRD generator of the crd module into its jar
    try (InputStream in = DeployedCrdTest.class.getResourceAsStream("/META-INF/fabric8/" + FILE)) {
      assertThat(in).as("the generated CRD on the class path").isNotNull();
      generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(DeployManifests.documents(deployedCopy()))
        .as("deploy/crd/%s is out of date: cp crd/%s deploy/crd/", FILE, FILE)
        .isEqualTo(DeployManifests.documents(generated));
  }

  @Test
  void theCopyIsTheCommittedCrdByteForByte() throws IOException {
    Path committed = Path.of(System.getProperty("committed.crd", "../crd/" + FILE));
    assumeTrue(Files.isRegularFile(committed), "no committed CRD at " + committed + " to compare deploy/crd/ with");

    assertThat(deployedCopy())
        .as("deploy/crd/%s differs from crd/%s: cp crd/%s deploy/crd/", FILE, FILE, FILE)
        .isEqualTo(Files.readString(committed));
  }
}
