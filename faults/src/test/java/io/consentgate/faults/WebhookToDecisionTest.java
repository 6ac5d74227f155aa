package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.Folders;
import io.consentgate.testing.ServiceProcess;
import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import io.consentgate.testing.WebhookSignatures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Meta's word, end to end on the real broker: the intake (consent-events) and the gate (send-gate) run from their jars
 * as in production, on the shared broker and registry. The business is loaded from Graph API snapshots, contacts opt in
 * through the capture API, and a signed webhook carries failed statuses with Meta's error codes
 * ({@code statuses[].errors[]}, the shape of Meta's documented example); the gate's decisions follow (SPEC §10.10).
 * Not a fault scenario: it records nothing in the faults report.
 */
class WebhookToDecisionTest {

    private static final Duration ARRIVES = Duration.ofSeconds(90);
    private static final String API_KEY = "e2e-api-key";
    private static final String SUPPORT_KEY = "e2e-support-key";
    private static final String APP_SECRET = "e2e-app-secret-not-a-secret";
    private static final String SENDER = "106540352242922";
    private static final String DISPLAY_NUMBER = "34910000000";
    private static final String BUSINESS = "biz-e2e-" + UUID.randomUUID();
    /** An account id of this run's own: the intake maps it to this run's business. */
    private static final String WABA = Long.toString(100_000_000_000_000L + ThreadLocalRandom.current().nextLong(900_000_000_000_000L));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceProcess events;
    private static ServiceProcess gate;

    @BeforeAll
    static void startTheIntakeAndTheGate() {
        Path folder = FaultsReport.folder().resolve("webhook-to-decision").toAbsolutePath();
        Folders.deleteRecursively(folder);
        Map<String, String> common = new LinkedHashMap<>();
        common.put("spring.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
        common.put("consentgate.schema-registry.url", SharedRegistry.url());
        common.put("consentgate.privacy.erasure-hash-key", FaultStack.ERASURE_KEY);
        Map<String, String> intake = new LinkedHashMap<>(common);
        intake.put("consentgate.security.api-keys.e2e", API_KEY);
        intake.put("consentgate.events.whatsapp.app-secret", APP_SECRET);
        intake.put("consentgate.events.whatsapp.accounts." + WABA, BUSINESS);
        intake.put("consentgate.events.whatsapp.senders." + DISPLAY_NUMBER, SENDER);
        Map<String, String> decider = new LinkedHashMap<>(common);
        decider.put("consentgate.security.api-keys.support", SUPPORT_KEY);
        // a gate of this run's own on the shared broker: its own consumer group and state
        decider.put("spring.kafka.streams.application-id", "send-gate-e2e-" + UUID.randomUUID());
        decider.put("spring.kafka.streams.state-dir", folder.resolve("gate-state").toString());
        Path root = Path.of(System.getProperty("consentgate.project.root", "..")).toAbsolutePath().normalize();
        events = ServiceProcess.of(root, "consent-events", "consent-events", folder, 0, List.of("-Xmx384m"), intake).start();
        gate = ServiceProcess.of(root, "send-gate", "send-gate", folder, 0, List.of("-Xmx512m"), decider).start();
        events.awaitReady();
        gate.awaitReady();
    }

    @AfterAll
    static void stopThem() {
        for (ServiceProcess service : new ServiceProcess[] {events, gate}) {
            if (service != null) {
                service.kill();
            }
        }
    }

    @Test
    void shouldDecideByTheDeliveryCodesOfASignedWebhook() throws Exception {
        // Given the business loaded from Graph API snapshots (an approved UTILITY template, a GREEN number) and two
        // contacts opted in to everything through the capture API
        String undeliverable = "+34600" + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
        String other = "+34611" + (100_000 + ThreadLocalRandom.current().nextInt(900_000));
        assertThat(post("/v1/businesses/" + BUSINESS + "/snapshots/message-templates", """
                {"data": [{"name": "order_update", "language": "es", "status": "APPROVED", "category": "UTILITY", "id": "1689556908129834"}],
                 "paging": {"cursors": {"before": "MAZDZD", "after": "MAZDZD"}}}""").statusCode()).isEqualTo(202);
        assertThat(post("/v1/businesses/" + BUSINESS + "/snapshots/phone-numbers", """
                {"data": [{"id": "%s", "display_phone_number": "+34 910 00 00 00", "quality_rating": "GREEN", "status": "CONNECTED",
                           "messaging_limit_tier": "TIER_UNLIMITED"}]}""".formatted(SENDER)).statusCode()).isEqualTo(202);
        for (String contact : List.of(undeliverable, other)) {
            assertThat(post("/v1/businesses/" + BUSINESS + "/opt-ins", """
                    {"contact": "%s", "businessName": "ACME Tiendas", "scopes": [{"category": "UTILITY"}, {"category": "MARKETING"}],
                     "channel": "WEB_FORM", "occurredAt": "%s", "noticeVersion": "v3", "noticeText": "Acepto", "language": "es-ES",
                     "evidenceRef": "form/%s"}""".formatted(contact, Instant.now().minus(Duration.ofDays(2)), UUID.randomUUID())).statusCode())
                    .isEqualTo(202);
        }

        // When Meta's signed webhook reports three 131026 (undeliverable) for the first contact, and a 131048 (the
        // number's spam rate limit) for a message to the second, a minute ago
        long at = Instant.now().minusSeconds(60).getEpochSecond();
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(failed(undeliverable, at - 10 + i, 131026, "Message undeliverable", "Message Undeliverable."));
        }
        statuses.add(failed(other, at, 131048, "Spam rate limit hit",
                "Message failed to send because there are restrictions on how many messages can be sent from this phone number."));
        HttpResponse<String> delivered = webhook("""
                {"object": "whatsapp_business_account", "entry": [{"id": "%s", "changes": [{"field": "messages", "value": {
                  "messaging_product": "whatsapp", "metadata": {"display_phone_number": "%s", "phone_number_id": "%s"},
                  "statuses": [%s]}}]}]}""".formatted(WABA, DISPLAY_NUMBER, SENDER, String.join(",", statuses)));
        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);

        // Then the gate's state says so (waited for through its explain endpoint) ...
        await("the delivery codes in the gate's state").atMost(ARRIVES).untilAsserted(() -> {
            assertThat(explain(undeliverable).path("rule").asText()).isEqualTo("CONTACT_UNDELIVERABLE");
            assertThat(explain(other).path("rule").asText()).isEqualTo("SENDER_RATE_LIMITED");
        });
        // ... and requests on outbound-requests are refused for those reasons
        try (Producer<String, SendRequest> requests = SharedKafka.producer(Topics.OUTBOUND_REQUESTS)) {
            for (String contact : List.of(undeliverable, other)) {
                ContactKey key = new ContactKey(BUSINESS, contact);
                requests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), key.toString(), SendRequest.newBuilder()
                        .setRequestId("e2e-" + contact).setBusinessId(BUSINESS).setSenderId(SENDER).setContact(contact)
                        .setRequestedAt(Instant.now()).setKind(MessageKind.TEMPLATE)
                        .setTemplate(new TemplateRef("order_update", "es", MessageCategory.UTILITY)).build())).get();
            }
        }
        Map<String, Object> decided = decisions(2);
        assertThat(decided.get(undeliverable)).isInstanceOfSatisfying(SendRejection.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.CONTACT_UNDELIVERABLE);
            assertThat(rejected.getDetail()).contains("131026");
        });
        assertThat(decided.get(other)).isInstanceOfSatisfying(SendRejection.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.SENDER_RATE_LIMITED);
            assertThat(rejected.getRetryAfter()).isEqualTo(Instant.ofEpochSecond(at).plus(Duration.ofMinutes(5)));
        });
    }

    /** One failed status as Meta sends it (statuses[].errors[] with code, title, message, error_data.details, href). */
    private static String failed(String contact, long timestamp, int code, String title, String details) {
        return """
                {"id": "wamid.%s", "status": "failed", "timestamp": "%d", "recipient_id": "%s",
                 "errors": [{"code": %d, "title": "%s", "message": "%s", "error_data": {"details": "%s"},
                             "href": "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]}"""
                .formatted(UUID.randomUUID(), timestamp, contact.substring(1), code, title, title, details);
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(events.baseUrl() + path)).header("X-API-Key", API_KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpResponse<String> webhook(String json) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create(events.baseUrl() + "/webhooks/whatsapp")).header("Content-Type", "application/json")
                .header(WebhookSignatures.HEADER, WebhookSignatures.sign(APP_SECRET, body)).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static JsonNode explain(String contact) throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(gate.baseUrl() + "/v1/decisions/explain"))
                .header("X-API-Key", SUPPORT_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"requestId": "explain", "businessId": "%s", "senderId": "%s", "contact": "%s", "kind": "TEMPLATE",
                         "template": {"name": "order_update", "language": "es", "category": "UTILITY"}}""".formatted(BUSINESS, SENDER, contact))));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** This run's decisions by contact, read until {@code expected} arrived. */
    private static Map<String, Object> decisions(int expected) {
        Map<String, Object> found = new LinkedHashMap<>();
        try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
             Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS)) {
            await("%d decisions of %s".formatted(expected, BUSINESS)).atMost(ARRIVES).until(() -> {
                approved.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (BUSINESS.equals(r.value().getRequest().getBusinessId())) {
                        found.put(r.value().getRequest().getContact(), r.value());
                    }
                });
                rejected.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (BUSINESS.equals(r.value().getRequest().getBusinessId())) {
                        found.put(r.value().getRequest().getContact(), r.value());
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
