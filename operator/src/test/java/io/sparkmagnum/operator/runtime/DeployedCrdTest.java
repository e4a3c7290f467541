package io.sparkmagnum.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/crd/ holds a copy of the committed CRD, because kustomize reads nothing outside deploy/.
 * The committed crd/sparkclusters.sparkmagnum.io-v1.yml stays the single source (the crd module
 * checks it against the model): this test fails when the copy drifts. To refresh it:
 * cp crd/sparkclusters.sparkmagnum.io-v1.yml deploy/crd/
 */
class DeployedCrdTest {
  private static final String FILE = "sparkclusters.sparkmagnum.io-v1.yml";

  @Test
  void theCopyIsTheCommittedCrdByteForByte() throws IOException {
    Path committed = Path.of(System.getProperty("committed.crd", "../crd/" + FILE));
    String deployed = Files.readString(DeployManifests.deployDir().resolve("crd").resolve(FILE));

    assertThat(deployed)
        .as("deploy/crd/%s differs from crd/%s: cp crd/%s deploy/crd/", FILE, FILE, FILE)
        .isEqualTo(Files.readString(committed));
  }
}
