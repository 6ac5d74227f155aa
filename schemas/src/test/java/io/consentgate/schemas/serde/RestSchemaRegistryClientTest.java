package io.consentgate.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.serde.SchemaRegistryException.Reason;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final String SUBJECT = "outbound-requests-value";
    private static final Schema SCHEMA = SendRequest.getClassSchema();

    private final FakeRegistry registry = FakeRegistry.start();

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void shouldRegisterUnderTheBasePathWithBasicAuth() {
        // Given
        registry.answer(200, "{\"id\":7}");
        var client = client(registry.url(), "svc-gate:s3cret", null, 4);

        // When
        int id = client.register(SUBJECT, SCHEMA);

        // Then
        assertThat(id).isEqualTo(7);
        var request = registry.requests().getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(FakeRegistry.BASE_PATH + "/subjects/outbound-requests-value/versions");
        assertThat(request.authorization()).isEqualTo("Basic c3ZjLWdhdGU6czNjcmV0");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.body()).contains("\"schema\":").contains("io.consentgate.avro");
    }

    @Test
    void shouldSendTheBearerToken() {
        // Given
        registry.answer(200, new ObjectMapper().createObjectNode().put("schema", SCHEMA.toString()).toString());
        var client = client(registry.url(), null, "eyJhbGciOiJIUzI1NiJ9.gate", 4);

        // When
        Schema schema = client.schemaById(3);

        // Then
        assertThat(schema).isEqualTo(SCHEMA);
        assertThat(registry.requests()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo(FakeRegistry.BASE_PATH + "/schemas/ids/3");
            assertThat(request.authorization()).isEqualTo("Bearer eyJhbGciOiJIUzI1NiJ9.gate");
        });
    }

    @Test
    void shouldRetryWhileTheRegistryIsUnavailableThenSucceed() {
        // Given
        registry.answer(503, "warming up").answer(429, "slow down").answer(200, "{\"id\":1}");
        var client = client(registry.url(), null, null, 4);

        // When
        int id = client.register(SUBJECT, SCHEMA);

        // Then
        assertThat(id).isEqualTo(1);
        assertThat(registry.requests()).hasSize(3);
    }

    @Test
    void shouldGiveUpWhenTheRegistryStaysUnavailable() {
        // Given
        registry.answer(503, "down for maintenance").answer(503, "down for maintenance");
        var client = client(registry.url(), null, null, 2);

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("still answered HTTP 503 after 2 attempts: down for maintenance")
                .extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo(Reason.UNAVAILABLE);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldNotRetryAnIncompatibleSchemaAndQuoteTheRegistry() {
        // Given
        registry.answer(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an"
                + " earlier schema; READER_FIELD_MISSING_DEFAULT_VALUE priority\"}");
        var client = client(registry.url(), null, null, 4);

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'outbound-requests-value' is incompatible")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE priority")
                .extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo(Reason.INCOMPATIBLE);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldRegisterAgainWhenAnotherInstanceCreatedTheSubjectAtTheSameMoment() {
        // Given: Apicurio tells the loser of two racing first registrations that the subject already exists
        registry.answer(409, "{\"message\":\"An artifact with ID 'outbound-requests-value' in group 'null' already exists.\","
                + "\"error_code\":0}").answer(200, "{\"id\":7}");
        var client = client(registry.url(), null, null, 4);

        // When
        int id = client.register(SUBJECT, SCHEMA);

        // Then
        assertThat(id).isEqualTo(7);
        assertThat(registry.requests()).hasSize(2);
    }

    @Test
    void shouldReportAnUnknownSchemaId() {
        // Given
        registry.answer(404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");
        var client = client(registry.url(), null, null, 4);

        // When / Then
        assertThatThrownBy(() -> client.schemaById(99))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("unknown schema id 99")
                .extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo(Reason.UNKNOWN_SCHEMA);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldAskToCheckTheCredentialsWhenRefused() {
        // Given
        registry.answer(401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        var client = client(registry.url(), "svc-gate:wrong", null, 4);

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("check the registry credentials");
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldReportAnUnreachableRegistryAfterEveryAttempt() {
        // Given
        URI nobodyListens = FakeRegistry.unreachableUrl();
        var client = client(nobodyListens, null, null, 3);

        // When / Then
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema registry unreachable at " + nobodyListens + " after 3 attempts")
                .extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo(Reason.UNAVAILABLE);
    }

    @Test
    void shouldAskTheRegistryOncePerSchema() {
        // Given
        registry.answer(200, "{\"id\":5}");
        var client = client(registry.url(), null, null, 4);

        // When
        int first = client.register(SUBJECT, SCHEMA);
        int second = client.register(SUBJECT, SCHEMA);
        Schema byId = client.schemaById(5);

        // Then
        assertThat(first).isEqualTo(second).isEqualTo(5);
        assertThat(byId).isEqualTo(SCHEMA);
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldRegisterASubjectOnceWhenThreadsAskForItAtTheSameMoment() throws Exception {
        // Given one answer only: a second registration would get the fake's unscripted 404
        registry.answer(200, "{\"id\":9}");
        var client = client(registry.url(), null, null, 1);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);

        // When the stream threads of a starting service serialize their first record of the subject at once
        List<Future<Integer>> ids = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return client.register(SUBJECT, SCHEMA);
                }));
            }
            start.countDown();
        }

        // Then
        for (Future<Integer> id : ids) {
            assertThat(id.get()).isEqualTo(9);
        }
        assertThat(registry.requests()).hasSize(1);
    }

    @Test
    void shouldLookUpAnIdWithoutRegistering() {
        // Given
        registry.answer(200, "{\"subject\":\"outbound-requests-value\",\"id\":4,\"version\":2,\"schema\":\"...\"}")
                .answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        var client = client(registry.url(), null, null, 4);

        // When
        int id = client.idOf(SUBJECT, SCHEMA);

        // Then
        assertThat(id).isEqualTo(4);
        assertThat(registry.requests().getFirst().path()).isEqualTo(FakeRegistry.BASE_PATH + "/subjects/outbound-requests-value");
        assertThatThrownBy(() -> client.idOf("approved-sends-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject 'approved-sends-value'");
    }

    @Test
    void shouldSetCompatibilityPerSubjectAndGlobally() {
        // Given
        registry.answer(200, "{\"compatibility\":\"BACKWARD\"}").answer(200, "{\"compatibility\":\"FULL\"}");
        var client = client(registry.url(), null, null, 4);

        // When
        client.setCompatibility(SUBJECT, "BACKWARD");
        client.setCompatibility(null, "FULL");

        // Then
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.path() + " " + r.body()).containsExactly(
                "PUT " + FakeRegistry.BASE_PATH + "/config/outbound-requests-value {\"compatibility\":\"BACKWARD\"}",
                "PUT " + FakeRegistry.BASE_PATH + "/config {\"compatibility\":\"FULL\"}");
    }

    @Test
    void shouldReportOtherStatusesWithTheBody() {
        // Given
        registry.answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
        var client = client(registry.url(), null, null, 4);

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("HTTP 422 to POST /subjects/outbound-requests-value/versions")
                .hasMessageContaining("Invalid schema");
    }

    private static RestSchemaRegistryClient client(URI url, String userInfo, String token, int maxAttempts) {
        return new RestSchemaRegistryClient(new SchemaRegistrySettings(url, userInfo, token, Duration.ofSeconds(2),
                maxAttempts, Duration.ofMillis(1)));
    }
}
