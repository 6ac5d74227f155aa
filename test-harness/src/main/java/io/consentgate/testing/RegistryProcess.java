package io.consentgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    static RegistryProcess start(Path jar) {
        Path folder = createFolder();
        LogFile log = new LogFile(folder.resolve("registry.log"));
        Process process = JavaProcess.start(List.of(
                "-Xmx256m",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-jar", jar.toAbsolutePath().toString()), folder, log);
        try {
            String port = await("the schema registry to listen (log: " + log.path() + ")")
                    .atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .failFast("the schema registry exited", () -> !process.isAlive())
                    .until(() -> log.find(LISTENING).orElse(null), found -> found != null);
            return new RegistryProcess(process, Integer.parseInt(port));
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

    private static Path createFolder() {
        try {
            return Files.createTempDirectory("consentgate-registry-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for the schema registry's log", e);
        }
    }
}
