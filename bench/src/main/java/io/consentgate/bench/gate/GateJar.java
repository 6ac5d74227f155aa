package io.consentgate.bench.gate;

import io.consentgate.testing.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/** send-gate's runnable jar: built fresh for each run (its code is changing), and the streams settings it ships with. */
final class GateJar {

    private static final String STREAMS_PREFIX = "spring.kafka.streams.properties.";

    private GateJar() {
    }

    /**
     * Packages send-gate (tests skipped) and says how that went; when it does not compile, the jar on disk is used
     * and the outcome says so, with the build's last lines in {@code log}.
     */
    static String build(Path projectRoot, Path log) throws IOException, InterruptedException {
        Process build = new ProcessBuilder(List.of("./mvnw", "-q", "-o", "-pl", "send-gate", "package", "-DskipTests"))
                .directory(projectRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            return "build timed out (see " + log + "); using the jar from " + modified(projectRoot);
        }
        return build.exitValue() == 0 ? "built now"
                : "BUILD FAILED (see " + log + "); using the last jar, from " + modified(projectRoot);
    }

    static Path path(Path projectRoot) {
        return ServiceProcess.jarOf(projectRoot, "send-gate");
    }

    private static String modified(Path projectRoot) throws IOException {
        Path jar = path(projectRoot);
        return Files.getLastModifiedTime(jar).toInstant().toString();
    }

    /**
     * The guarantee, commit interval and linger in the jar's application.properties: what the baseline runs with.
     * One the jar does not set is null: Kafka Streams' default then, for both.
     */
    static StreamsDefaults streamsDefaults(Path jar) {
        try (JarFile file = new JarFile(jar.toFile());
             InputStream in = file.getInputStream(file.getEntry("BOOT-INF/classes/application.properties"))) {
            Properties properties = new Properties();
            properties.load(in);
            return new StreamsDefaults(
                    properties.getProperty(STREAMS_PREFIX + "processing.guarantee"),
                    properties.getProperty(STREAMS_PREFIX + "commit.interval.ms"),
                    properties.getProperty(STREAMS_PREFIX + "producer.linger.ms"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties in " + jar, e);
        }
    }

    record StreamsDefaults(String processingGuarantee, String commitIntervalMs, String lingerMs) {
    }
}
