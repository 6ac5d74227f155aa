package io.consentgate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.events.webhook.WebhookSignature;
import io.consentgate.testing.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.producer.MockProducer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whatever bytes a caller sends (malformed, truncated, oversized, wrongly typed), the answer is a 4xx,
 * never a 5xx, and nothing is published. Over a real port, so Tomcat and the filters are part of it.
 */
class MalformedBodiesPropertyTest {

    private static final String SECRET = "fuzz-secret";
    private static ConfigurableApplicationContext app;
    private static MockProducer<byte[], byte[]> producer;
    private static HttpClient http;
    private static String base;

    @BeforeContainer
    @SuppressWarnings("unchecked")
    static void start() {
        app = new SpringApplicationBuilder(ConsentEventsApplication.class, MockKafka.class).run(
                "--server.port=0",
                "--spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--consentgate.security.api-keys.fuzzer=fuzz-key",
                "--consentgate.events.max-request-size=8KB",
                "--consentgate.events.max-import-size=16KB",
                "--consentgate.events.whatsapp.max-body-size=16KB",
                "--consentgate.events.whatsapp.app-secret=" + SECRET,
                "--consentgate.events.whatsapp.accounts." + Fixtures.WABA_ID + "=" + Fixtures.BUSINESS_ID,
                "--logging.level.io.consentgate=ERROR");
        producer = app.getBean(MockProducer.class);
        http = HttpClient.newHttpClient();
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 150)
    void shouldRefuseAnyMalformedOptInWithA4xxAndPublishNothing(@ForAll("malformedJson") String body,
                                                                @ForAll("captureEndpoints") String endpoint) throws Exception {
        int status = post(endpoint, "application/json", body.getBytes(StandardCharsets.UTF_8), null);

        assertThat(status).as("status for %s", body).isBetween(400, 499);
        assertThat(producer.history()).isEmpty();
    }

    @Property(tries = 100)
    void shouldRefuseAnyMalformedImportLineWithoutFailing(@ForAll("malformedJson") String line) throws Exception {
        int status = post("/v1/businesses/acme-retail/consent-imports", "application/x-ndjson",
                (line.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8), null);

        assertThat(status).as("status for %s", line).isBetween(400, 499);
        assertThat(producer.history()).isEmpty();
    }

    @Property(tries = 150)
    void shouldAnswerAnySignedButMalformedWebhookWithoutA5xxAndPublishNothing(@ForAll("malformedWebhooks") String body)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        int status = post("/webhooks/whatsapp", "application/json", bytes, new WebhookSignature(SECRET).headerFor(bytes));

        assertThat(status).as("status for %s", body).isIn(200, 400, 413);
        assertThat(producer.history()).isEmpty();
    }

    @Property(tries = 30)
    void shouldRefuseOversizedBodies(@ForAll("oversized") String body) throws Exception {
        assertThat(post("/v1/businesses/acme-retail/opt-ins", "application/json", body.getBytes(StandardCharsets.UTF_8), null)).isEqualTo(413);
        assertThat(post("/webhooks/whatsapp", "application/json", body.getBytes(StandardCharsets.UTF_8), "sha256=00")).isEqualTo(413);
        assertThat(producer.history()).isEmpty();
    }

    @Provide
    Arbitrary<String> captureEndpoints() {
        return Arbitraries.of("/v1/businesses/acme-retail/opt-ins", "/v1/businesses/acme-retail/opt-outs");
    }

    @Provide
    Arbitrary<String> malformedJson() {
        Arbitrary<String> valid = Arbitraries.of(
                "{\"contact\":\"+34612345678\",\"channel\":\"SMS\",\"businessName\":\"A\",\"scopes\":[{\"category\":\"MARKETING\"}],"
                        + "\"noticeVersion\":\"v\",\"noticeText\":\"t\",\"language\":\"es\",\"evidenceRef\":\"e\"}");
        Arbitrary<String> truncated = valid.flatMap(json -> Arbitraries.integers().between(0, json.length() - 1).map(end -> json.substring(0, end)));
        Arbitrary<String> wronglyTyped = Arbitraries.of("contact", "scopes", "channel", "occurredAt", "expiresAt", "businessName", "method")
                .flatMap(field -> Arbitraries.of("1e999", "[]", "{}", "true", "null", "-1", "\"\\u0000\"", "[[[[[]]]]]", "\"9999-99-99\"")
                        .map(value -> "{\"" + field + "\":" + value + ",\"contact\":\"+34612345678\"}"));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> scalars = Arbitraries.of("", "null", "[]", "\"text\"", "42", "{", "}", "{\"a\":}", "\uFEFF{}", "{}{}");
        return Arbitraries.oneOf(truncated, wronglyTyped, noise, scalars);
    }

    @Provide
    Arbitrary<String> malformedWebhooks() {
        String message = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + Fixtures.WABA_ID + "\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"metadata\":{\"phone_number_id\":\"1\"},\"messages\":[{\"from\":%s,\"id\":%s,\"timestamp\":%s,\"type\":%s}]}}]}]}";
        Arbitrary<String> values = Arbitraries.of("null", "[]", "{}", "1.5", "true", "\"\"", "\"x\"", "-1", "99999999999999999999");
        Arbitrary<String> wronglyTyped = values.list().ofSize(4).map(v -> message.formatted(v.get(0), v.get(1), v.get(2), v.get(3)));
        Arbitrary<String> truncated = Arbitraries.integers().between(0, message.length() - 1).map(end -> message.substring(0, end));
        Arbitrary<String> shapes = Arbitraries.of("{}", "[]", "{\"object\":1}", "{\"object\":\"whatsapp_business_account\",\"entry\":{}}",
                "{\"object\":\"whatsapp_business_account\",\"entry\":[1,\"x\",null,{\"changes\":7}]}", "null", "");
        return Arbitraries.oneOf(wronglyTyped, truncated, shapes, Arbitraries.strings().ofMaxLength(100));
    }

    @Provide
    Arbitrary<String> oversized() {
        return Arbitraries.integers().between(17 * 1024, 64 * 1024).map(size -> "{\"contact\":\"" + "x".repeat(size) + "\"}");
    }

    private static int post(String path, String contentType, byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType)
                .header("X-API-Key", "fuzz-key")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
