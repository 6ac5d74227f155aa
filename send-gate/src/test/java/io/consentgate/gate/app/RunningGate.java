package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What the tests of the whole running gate share: its settings on the shared broker and registry, waiting for its
 * streams, and asking its explain endpoint.
 */
final class RunningGate {

    static final Duration DECISIONS_ARRIVE = Duration.ofSeconds(90);
    /** The API key {@link #propertiesWithExplain} gives the support team, who may ask the explain endpoint. */
    static final String SUPPORT_API_KEY = "a-support-teams-test-key";

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

    /** {@link #properties}, and an API key for the support team ({@link #SUPPORT_API_KEY}), for {@link #explain}. */
    static void propertiesWithExplain(DynamicPropertyRegistry registry, String applicationId) {
        properties(registry, applicationId);
        registry.add("consentgate.security.api-keys.support", () -> SUPPORT_API_KEY);
    }

    /** What {@code POST /v1/decisions/explain} of the gate on {@code port} answers for the request (a 200 asserted). */
    static JsonNode explain(int port, String requestJson) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions/explain"))
                .header("Content-Type", "application/json").header("X-API-Key", SUPPORT_API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(requestJson)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new ObjectMapper().readTree(response.body());
        }
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
