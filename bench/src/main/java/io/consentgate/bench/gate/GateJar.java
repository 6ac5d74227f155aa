package io.consentgate.bench.gate;

import io.consentgate.testing.ServiceProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.JarFile;

/** send-gate's runnable jar, packaged by the same reactor run, and the streams settings it ships with. */
final class GateJar {

    private static final String STREAMS_PREFIX = "spring.kafka.streams.properties.";

    private GateJar() {
    }

    /** Which jar runs: the reactor that started the benchmark (-pl send-gate,bench) has just packaged it. */
    static String status(Path jar) throws IOException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the benchmark through the reactor, "
                    + "./mvnw -Pbench -pl send-gate,bench -am verify -DskipTests -Dbench=gate");
        }
        return "packaged " + Files.getLastModifiedTime(jar).toInstant();
    }

    static Path path(Path projectRoot) {
        return ServiceProcess.jarOf(projectRoot, "send-gate");
    }

    /**
     * The guarantee, commit interval, linger and the main consumer's fetch batching in the jar's application.properties:
     * what the baseline runs with.
     * One the jar does not set is null: Kafka Streams' default then, for both.
     */
    static StreamsDefaults streamsDefaults(Path jar) {
        Properties properties = applicationProperties(jar);
        return new StreamsDefaults(
                properties.getProperty(STREAMS_PREFIX + "processing.guarantee"),
                properties.getProperty(STREAMS_PREFIX + "commit.interval.ms"),
                properties.getProperty(STREAMS_PREFIX + "producer.linger.ms"),
                properties.getProperty(STREAMS_PREFIX + "main.consumer.fetch.min.bytes"),
                properties.getProperty(STREAMS_PREFIX + "main.consumer.fetch.max.wait.ms"));
    }

    /** The stream threads of one gate process (Kafka Streams' default, 1, if the jar does not set them): its members in the group. */
    static int streamThreads(Path jar) {
        return Integer.parseInt(applicationProperties(jar).getProperty(STREAMS_PREFIX + "num.stream.threads", "1").trim());
    }

    private static Properties applicationProperties(Path jar) {
        try (JarFile file = new JarFile(jar.toFile());
             InputStream in = file.getInputStream(file.getEntry("BOOT-INF/classes/application.properties"))) {
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read application.properties in " + jar, e);
        }
    }

    record StreamsDefaults(String processingGuarantee, String commitIntervalMs, String lingerMs, String fetchMinBytes, String fetchMaxWaitMs) {
    }
}
