package io.sparkmagnum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkmagnum.simulator.DemoCloud;
import io.sparkmagnum.simulator.Operations;
import io.sparkmagnum.simulator.Service;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The README's main command works: the demo, run as demo.sh runs it, matches every step. */
@Tag("integration")
class DemoIT {
  private static final Path REPOSITORY = Repository.locate(Path.of(""));

  @Test
  void theWalkthroughMatchesEveryStep() throws Exception {
    // what demo.sh runs after building: target/classes and target/demo.classpath, from the repository's root
    String classpath = System.getProperty("demo.classes") + File.pathSeparator
        + Files.readString(Path.of(System.getProperty("demo.classpath"))).trim();
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath, Demo.class.getName())
        .directory(REPOSITORY.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(demo.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(demo.exitValue()).as(output).isZero();
    List<String> verdicts = output.lines().filter(line -> line.matches("\\[ *[0-9.]+s] (ok|FAILED) .*")).toList();
    assertThat(verdicts).as(output).hasSize(6).allMatch(line -> line.contains("] ok "));
    assertThat(output).contains("Step 1/6  Install", "Step 2/6  Provisioning", "Step 3/6  Deploying",
        "Step 4/6  Running with 2/2 workers", "Step 5/6  Scale", "Step 6/6  Delete",
        "Demo complete: all 6 steps matched");
    // as they happen: the phases in the order a user sees them
    List<String> phases = output.lines().filter(line -> line.matches("\\[ *[0-9.]+s] analytics +[A-Z][a-z]+ .*"))
        .map(line -> line.replaceAll("^\\[ *[0-9.]+s] analytics +([A-Za-z]+).*$", "$1"))
        .distinct().toList();
    assertThat(phases).containsSubsequence("Provisioning", "Deploying", "Running", "Deleting");
    assertThat(output).contains("Magnum answers 404 for bay");
    assertThat(output).as("the demo password stays off the screen").doesNotContain(DemoCloud.PASSWORD);
  }

  @Test
  void aStepThatDoesNotMatchFailsTheDemoAndIsNamed() {
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    DemoOptions options = new DemoOptions(REPOSITORY, REPOSITORY.resolve("demo/target"), false, Duration.ofSeconds(3));
    // Magnum refuses every bay: nothing is ever provisioned
    Demo demo = new Demo(options, new PrintStream(screen, true, StandardCharsets.UTF_8),
        openstack -> openstack.faults().failUntilCleared(Service.MAGNUM, Operations.CLUSTERS_CREATE, 503));

    int status = demo.run();

    String output = screen.toString(StandardCharsets.UTF_8);
    assertThat(status).as(output).isEqualTo(Demo.EXIT_STEP_FAILED);
    assertThat(output).contains("FAILED  Step 2/6 (Provisioning", "not within 3 s: ");
    assertThat(output).contains("Demo FAILED at Step 2/6 Provisioning", "(1 of 6 steps matched)");
    assertThat(output).doesNotContain("Step 3/6");
  }
}
