package io.sparkmagnum.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenStackSimulatorMainTest {

  @Test
  void servesTheDemoSeedAndDescribesHowToReachIt() {
    try (OpenStackSimulator sim =
        OpenStackSimulatorMain.configure("--port", "0", "--magnum-port", "0", "--create-seconds", "0").start()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OpenStackSimulatorMain.describe(sim, new PrintStream(out, true, StandardCharsets.UTF_8));
      String text = out.toString(StandardCharsets.UTF_8);

      assertThat(text).contains("auth_url: " + sim.authUrl()).contains("username: demo");
      assertThat(text).contains("application_credential_id: " + DemoCloud.APPLICATION_CREDENTIAL_ID);
      ApiClient client = new ApiClient(sim);
      String token = client.demoToken();
      String uuid = client.createCluster(token, "from-main", DemoCloud.TEMPLATE_NAME, 1);
      assertThat(client.magnumGet("/v1/clusters/" + uuid, token).json().get("status").asText())
          .isEqualTo("CREATE_COMPLETE");
    }
  }

  @Test
  void refusesMalformedOptions() {
    assertThatThrownBy(() -> OpenStackSimulatorMain.configure("--port")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenStackSimulatorMain.configure("--port", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenStackSimulatorMain.configure("--colour", "blue"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OpenStackSimulatorMain.configure("--max-microversion", "one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
