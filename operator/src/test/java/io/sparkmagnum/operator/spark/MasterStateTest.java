package io.sparkmagnum.operator.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The parser against real answers of a Spark 3.5.3 master, recorded by SparkProcessesIT. */
class MasterStateTest {
  private static final Path ANSWERS = Path.of("src", "test", "resources", "spark", "master-json");

  private static MasterState answer(String name) throws IOException {
    return MasterState.parse(Files.readString(ANSWERS.resolve("spark-3.5.3-" + name + ".json")));
  }

  @Test
  void aMasterRunningAnApplicationOnTwoWorkers() throws IOException {
    MasterState state = answer("application-running");
    assertThat(state.status()).isEqualTo("ALIVE");
    assertThat(state.alive()).isTrue();
    assertThat(state.url()).isEqualTo("spark://127.0.0.1:42971");
    assertThat(state.aliveWorkers()).isEqualTo(2);
    assertThat(state.cores()).isEqualTo(2);
    assertThat(state.coresUsed()).isEqualTo(2);
    assertThat(state.memoryMb()).isEqualTo(2048);
    assertThat(state.memoryUsedMb()).isEqualTo(1024);
    assertThat(state.activeApplications()).isEqualTo(1);
    assertThat(state.workers()).containsExactly(
        new MasterState.Worker("worker-20261125170630-127.0.0.1-33683", "127.0.0.1", 33683, "ALIVE", 1, 1024),
        new MasterState.Worker("worker-20261125170630-127.0.0.1-34953", "127.0.0.1", 34953, "ALIVE", 1, 1024));
  }

  @Test
  void aMasterAfterTheApplicationFinished() throws IOException {
    MasterState state = answer("job-finished");
    assertThat(state.aliveWorkers()).isEqualTo(2);
    assertThat(state.coresUsed()).isZero();
    assertThat(state.memoryUsedMb()).isZero();
    assertThat(state.activeApplications()).isZero();
  }

  @Test
  void aLostWorkerIsListedDeadAndCountedOut() throws IOException {
    MasterState state = answer("worker-lost");
    assertThat(state.alive()).isTrue();
    assertThat(state.aliveWorkers()).isEqualTo(1);
    assertThat(state.cores()).isEqualTo(1);
    assertThat(state.memoryMb()).isEqualTo(1024);
    assertThat(state.workers()).hasSize(2);
    assertThat(state.workers()).filteredOn(MasterState.Worker::alive).hasSize(1);
    assertThat(state.workers()).extracting(MasterState.Worker::state).containsExactly("ALIVE", "DEAD");
  }

  @Test
  void aStandbyMasterIsNotAlive() {
    MasterState state = MasterState.parse("""
        {"url": "spark://10.0.0.5:7077", "workers": [], "aliveworkers": 0, "cores": 0, "coresused": 0,
         "memory": 0, "memoryused": 0, "activeapps": [], "status": "STANDBY"}""");
    assertThat(state.alive()).isFalse();
    assertThat(state.workers()).isEmpty();
  }

  @Test
  void somethingElseThanAMasterStateIsRejected() {
    assertThatThrownBy(() -> MasterState.parse("<html>Spark Master at spark://x:7077</html>"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the master's /json/ answer is no JSON");
    assertThatThrownBy(() -> MasterState.parse("[]"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the master's /json/ answer is no JSON object");
    assertThatThrownBy(() -> MasterState.parse("{\"status\": \"ALIVE\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the master's /json/ answer has no \"url\"");
    assertThatThrownBy(() -> MasterState.parse(""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
