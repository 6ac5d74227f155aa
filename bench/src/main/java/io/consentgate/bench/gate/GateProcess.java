package io.consentgate.bench.gate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The send-gate as it runs in production: its own JVM from its runnable jar, pointed at the benchmark's broker and
 * registry with command-line properties. Its output goes to {@code send-gate.log} in the run folder.
 */
final class GateProcess implements AutoCloseable {

    static final String APPLICATION_ID = "send-gate-bench";
    /** A key for this benchmark only; the gate refuses to start without one. */
    private static final String ERASURE_KEY = "bench-only-erasure-key-not-a-secret-0123456789";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;
    private final Path log;

    private GateProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the gate and returns once {@code /actuator/health/readiness} is UP (its streams RUNNING). */
    static GateProcess start(Path jar, Path folder, String bootstrapServers, String registryUrl, boolean profile) throws Exception {
        int port = freePort();
        Path log = folder.resolve("send-gate.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "--enable-native-access=ALL-UNNAMED"));
        if (profile) {
            command.add("-XX:StartFlightRecording=filename=" + folder.resolve("send-gate.jfr") + ",settings=profile,dumponexit=true");
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--consentgate.schema-registry.url=" + registryUrl,
                "--spring.kafka.streams.application-id=" + APPLICATION_ID,
                "--spring.kafka.streams.state-dir=" + Files.createDirectories(folder.resolve("send-gate-state")),
                // The key's new name and its old one: send-gate is renaming it.
                "--consentgate.privacy.erasure-hash-key=" + ERASURE_KEY,
                "--consentgate.gate.erasure-key=" + ERASURE_KEY));
        Process process = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        GateProcess gate = new GateProcess(process, port, log);
        gate.awaitReady();
        return gate;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("send-gate exited (code " + process.exitValue() + ") before it was ready; see " + log);
            }
            try {
                HttpResponse<String> response = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("send-gate was not ready within " + READY_TIMEOUT + "; see " + log);
    }

    /** SIGTERM, as an orchestrator stops it (the gate closes its streams cleanly), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
