package io.sparkmagnum.operator.testing.keystone;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One keystone-wsgi-public process set up and started by {@code src/test/keystone/keystone.sh} in
 * its own temporary directory, on a free loopback port. {@link #close()} stops it and removes the
 * directory; a JVM shutdown hook stops it should a test run end without closing it.
 */
final class KeystoneServer implements AutoCloseable {

  private static final String SCRIPT = "src/test/keystone/keystone.sh";
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private final Path script;
  private final Path directory;
  private final URI v3;
  private final Thread stopOnExit;

  private KeystoneServer(Path script, Path directory, int port) {
    this.script = script;
    this.directory = directory;
    this.v3 = URI.create("http://127.0.0.1:" + port + "/v3");
    this.stopOnExit = new Thread(this::stopQuietly, "stop-real-keystone-" + port);
  }

  /** Sets up and starts a Keystone whose user "admin" (domain Default) has this password. */
  static KeystoneServer start(String adminPassword) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("real-keystone-");
    KeystoneServer server = new KeystoneServer(locateScript(), directory, freeLoopbackPort());
    // Through the environment, so the password stays off the process list.
    ScriptRun run =
        server.runScript(
            List.of("start", directory.toString(), Integer.toString(server.v3.getPort()), "-"),
            Map.of("KEYSTONE_ADMIN_PASSWORD", adminPassword),
            START_TIMEOUT_SECONDS);
    if (run.exitCode() != 0) {
      server.stopQuietly();
      throw new IllegalStateException(
          "keystone.sh start failed (exit "
              + run.exitCode()
              + "); its files are kept in "
              + directory
              + ":\n"
              + run.output());
    }
    Runtime.getRuntime().addShutdownHook(server.stopOnExit);
    return server;
  }

  /** The identity URL, http://127.0.0.1:PORT/v3, as the bootstrap registered it. */
  URI v3() {
    return v3;
  }

  /** Stops Keystone and removes its directory. */
  @Override
  public void close() throws IOException {
    stopAndKeepFiles();
    deleteRecursively(directory);
  }

  /** Stops Keystone and leaves its directory (configuration, database, logs) for a post-mortem. */
  void stopAndKeepFiles() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while stopping the real Keystone in " + directory);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shutdownInProgress) {
      // the hook is running already; stopping twice is harmless
    }
  }

  /** Where the configuration, database and logs are. */
  Path directory() {
    return directory;
  }

  private void stop() throws IOException, InterruptedException {
    ScriptRun run = runScript(List.of("stop", directory.toString()), Map.of(), STOP_TIMEOUT_SECONDS);
    if (run.exitCode() != 0) {
      throw new IllegalStateException(
          "keystone.sh stop failed (exit " + run.exitCode() + "):\n" + run.output());
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (IOException | RuntimeException e) {
      System.err.println("Could not stop the real Keystone in " + directory + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record ScriptRun(int exitCode, String output) {}

  private ScriptRun runScript(List<String> arguments, Map<String, String> environment, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("keystone-sh-", ".out");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(Stream.concat(Stream.of("bash", script.toString()), arguments.stream()).toList())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        return new ScriptRun(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(output));
      }
      return new ScriptRun(process.exitValue(), Files.readString(output));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** The script lives in the operator module; tests run from there (Maven) or from the repository root (IDEs). */
  private static Path locateScript() {
    Path moduleDirectory = Path.of("").toAbsolutePath();
    return Stream.of(moduleDirectory.resolve(SCRIPT), moduleDirectory.resolve("operator").resolve(SCRIPT))
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(SCRIPT + " not found from " + moduleDirectory));
  }

  /**
   * A port nobody listens on now. Keystone binds it a few seconds later (after its setup, which
   * must know the port for the catalog); the kernel spreads ephemeral ports over a wide range, so
   * another taker in between is unlikely.
   */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(KeystoneServer::delete);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
