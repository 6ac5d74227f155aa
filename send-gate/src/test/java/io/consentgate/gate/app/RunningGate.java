package io.consentgate.gate.app;

import static org.awaitility.Awaitility.await;

import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the tests of the whole running gate share: its settings on the shared broker and registry, and waiting for its streams. */
final class RunningGate {

    static final Duration DECISIONS_ARRIVE = Duration.ofSeconds(90);

    private RunningGate() {
    }

    /** The shared broker and registry, a state directory of its own, the test erasure key. */
    static void properties(DynamicPropertyRegistry registry, String applicationId) {
        String stateDir = tempDir();
        registry.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        registry.add("consentgate.schema-registry.url", SharedRegistry::url);
        registry.add("spring.kafka.streams.application-id", () -> applicationId);
        registry.add("spring.kafka.streams.state-dir", () -> stateDir);
        registry.add("consentgate.privacy.erasure-hash-key", () -> "a test erasure key of at least 32 bytes");
    }

    static void awaitRunning(GateStreams streams) {
        await("the gate's streams RUNNING").atMost(DECISIONS_ARRIVE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    }

    /** A business of its own per test, so that no test reads another's decisions. */
    static String business() {
        return "biz-" + UUID.randomUUID();
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("send-gate-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
