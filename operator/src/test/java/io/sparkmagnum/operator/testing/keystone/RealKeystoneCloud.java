package io.sparkmagnum.operator.testing.keystone;

import io.sparkmagnum.simulator.OpenStackSimulator;
import io.sparkmagnum.simulator.ProjectSeed;
import io.sparkmagnum.simulator.UserSeed;
import java.io.IOException;
import java.net.URI;
import java.util.function.UnaryOperator;

/**
 * A cloud for integration tests whose identity side is real: a {@link RealKeystone} whose catalog
 * lists the simulator's Magnum, so that clients authenticate (password or application credential)
 * and find Magnum exactly as against a real cloud, and bays live in the {@link OpenStackSimulator}.
 *
 * <p>Between the two sits what keystonemiddleware does in front of a real Magnum: each Magnum
 * request's token is checked with the real Keystone (401 otherwise) before the simulator serves
 * it for the same user and project, which the simulator is seeded with (same ids and names).
 *
 * <p>Start it in {@code @BeforeAll}, close it in {@code @AfterAll} (null when the start skipped
 * the class: {@link RealKeystone#start(URI)} skips without the keystone package, fails on CI).
 */
public final class RealKeystoneCloud implements AutoCloseable {

  private final AuthTokenProxy proxy;
  private final RealKeystone keystone;
  private final OpenStackSimulator simulator;

  private RealKeystoneCloud(AuthTokenProxy proxy, RealKeystone keystone, OpenStackSimulator simulator) {
    this.proxy = proxy;
    this.keystone = keystone;
    this.simulator = simulator;
  }

  /**
   * Starts Keystone, the simulator and the token check between them.
   *
   * @param simulatorSetup adds to the simulator's builder, e.g. cluster templates and operation
   *     durations; templates without a project belong to the Keystone user's project
   */
  public static RealKeystoneCloud start(UnaryOperator<OpenStackSimulator.Builder> simulatorSetup)
      throws IOException, InterruptedException {
    AuthTokenProxy proxy = AuthTokenProxy.start();
    RealKeystone keystone = null;
    try {
      keystone = RealKeystone.start(proxy.magnumUrl());
      String domainId = RealKeystone.DOMAIN_ID;
      OpenStackSimulator simulator =
          simulatorSetup
              .apply(
                  OpenStackSimulator.builder()
                      .project(new ProjectSeed(keystone.projectId(), keystone.projectName(), domainId))
                      .user(
                          UserSeed.member(
                              keystone.userId(),
                              keystone.userName(),
                              domainId,
                              keystone.password(),
                              keystone.projectId())))
              .start();
      proxy.forwardTo(keystone, URI.create(simulator.magnumUrl()), URI.create(simulator.authUrl()));
      return new RealKeystoneCloud(proxy, keystone, simulator);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      // RuntimeException and Error include JUnit's skip (assumption) and failure on CI
      proxy.close();
      if (keystone != null) {
        keystone.close();
      }
      throw e;
    }
  }

  /** The real Keystone; its catalog's Magnum endpoints lead to {@link #simulator()}. */
  public RealKeystone keystone() {
    return keystone;
  }

  /** The simulator holding the bays; its own Keystone is not used. */
  public OpenStackSimulator simulator() {
    return simulator;
  }

  /** Magnum requests that reached the simulator, each with a token the real Keystone vouched for. */
  public long magnumRequestsForwarded() {
    return proxy.forwarded();
  }

  /** Magnum requests refused with 401 because the real Keystone did not vouch for their token. */
  public long magnumRequestsRefused() {
    return proxy.refused();
  }

  @Override
  public void close() throws IOException {
    try (proxy;
        simulator) {
      keystone.close();
    }
  }
}
