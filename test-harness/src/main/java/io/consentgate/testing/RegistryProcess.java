package io.consentgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Apicurio Registry fast-jar of module dev-registry as a child process: in-memory, on 127.0.0.1,
 * on a port it picks itself (0) and then names in its log.
 */
final class RegistryProcess {

    /** Quarkus's startup line, e.g. "started in 1.976s. Listening on: http://127.0.0.1:45083". */
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private RegistryProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** In memory, on a free port, its log in a temporary folder: for tests. */
    static RegistryProcess start(Path jar) {
        return start(jar, createFolder(), 0, List.of());
    }

    /**
     * On a fixed port with its schemas in an H2 file under {@code folder}, so that records written before a
     * restart keep their schema ids: for the local stack.
     */
    static RegistryProcess startPersistent(Path jar, Path folder, int port) {
        String database = folder.resolve("db").resolve("registry").toAbsolutePath().toString();
        return start(jar, folder, port, List.of("-Dquarkus.datasource.jdbc.url=jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE"));
    }

    private static RegistryProcess start(Path jar, Path folder, int port, List<String> options) {
        LogFile log = LogFile.fresh(folder.resolve("registry.log"));
        List<String> arguments = new ArrayList<>(List.of(
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port));
        arguments.addAll(options);
        arguments.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Process process = JavaProcess.start(arguments, folder, log);
        try {
            String listening = await("the schema registry to listen (log: " + log.path() + ")")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("the schema registry exited", () -> !process.isAlive())
                    .until(() -> log.find(LISTENING).orElse(null), found -> found != null);
            return new RegistryProcess(process, Integer.parseInt(listening));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("the schema registry did not start; " + log.path() + " ends with:\n"
                    + log.tail(30), e);
        }
    }

    /** The root of its REST APIs, e.g. http://127.0.0.1:45083. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    void stop() {
        process.destroy();
    }

    /** Waits until it has exited (SIGKILL after 10 s). */
    void awaitExit() {
        JavaProcess.awaitExit(process, Duration.ofSeconds(10));
    }

    /** Waits until it has exited, so its database file is closed. */
    void awaitExit(Duration timeout) throws InterruptedException {
        process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("consentgate-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the schema registry's log", e);
        }
    }
}
