package io.consentgate.gate.app;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.messagingLimit;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.SENDER;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.senderQuality;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.support.DeadLetters;
import io.consentgate.testing.HttpAwait;
import io.consentgate.testing.OpenApiCoverage;
import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.TopicClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The gate's guarantees on the real broker and the real registry, through the running application.
 */
class SendGateGuaranteesTest extends RunningGateTest {

    private static final Logger log = LoggerFactory.getLogger(SendGateGuaranteesTest.class);
    private static final Duration DECISIONS_ARRIVE = RunningGate.DECISIONS_ARRIVE;
    private static final long STEADY_RATE_PERIOD_MILLIS = 5;
    private static final String SUPPORT_API_KEY = RunningGate.SUPPORT_API_KEY;

    @Autowired
    private SenderHealthMetrics senderHealth;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void shouldDecideEveryRequestExactlyOnce() throws Exception {
        // Given
        String business = RunningGate.business();
        approve(business, "order_update", MessageCategory.UTILITY);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ContactKey contact = new ContactKey(business, spanishMobile(i));
            if (i % 3 == 0) {
                sent.add(kafka.contactEvents().send(record(inbound(contact, Instant.now()))));
            } else if (i % 3 == 1) {
                sent.add(kafka.contactEvents().send(record(optIn(contact, ConsentCategory.UTILITY, Instant.now()))));
            }
        }
        waitFor(sent);

        // When
        for (int i = 0; i < 300; i++) {
            ContactKey contact = new ContactKey(business, spanishMobile(i));
            SendRequest request = i % 3 == 0 ? reply(contact, "r-" + i, Instant.now())
                    : template(contact, "r-" + i, "order_update", MessageCategory.UTILITY, Instant.now());
            sent.add(kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), request)));
        }
        waitFor(sent);

        // Then
        Decisions decisions = Decisions.of(business, 300);
        assertThat(decisions.countByRequestId()).hasSize(300).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1));
        assertThat(decisions.approvals()).hasSize(200);
        assertThat(decisions.rejections()).extracting(SendRejection::getReason).containsOnly(RejectionReason.NO_CONSENT);
    }

    /** Before the fetch fence, 13 to 30 of these 2,000 were approved (docs/decisions.md, "the fetch fence"). */
    @Test
    void shouldNeverApproveAfterAnOptOut() throws Exception {
        // Given
        String business = RunningGate.business();
        int pairs = 2_000;
        givenOptedInContacts(business, MessagingTier.TIER_UNLIMITED, ConsentCategory.ALL, pairs);
        List<Future<?>> sent = new ArrayList<>();

        // When: each opt-out is acknowledged before its request is produced
        for (int i = 0; i < pairs; i++) {
            ContactKey contact = new ContactKey(business, spanishMobile(i));
            kafka.contactEvents().send(record(optOut(contact, Instant.now()))).get();
            sent.add(kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(),
                    template(contact, "r-" + i, "order_update", MessageCategory.UTILITY, Instant.now()))));
        }
        waitFor(sent);

        // Then
        Decisions decisions = Decisions.of(business, pairs);
        assertThat(decisions.approvals()).isEmpty();
        assertThat(decisions.rejections()).extracting(SendRejection::getReason).containsOnly(RejectionReason.OPTED_OUT).hasSize(pairs);
    }

    @Test
    void shouldApproveOneConfirmationPerOptOutAndNothingElseAfterIt() throws Exception {
        // Given a contact opted in to everything, with a window open, who then opts out of everything
        String business = RunningGate.business();
        givenOptedInContacts(business, MessagingTier.TIER_UNLIMITED, ConsentCategory.ALL, 1);
        ContactKey contact = new ContactKey(business, spanishMobile(0));
        kafka.contactEvents().send(record(inbound(contact, Instant.now().minusSeconds(60)))).get();
        ContactEvent optOut = optOut(contact, Instant.now());
        kafka.contactEvents().send(record(optOut)).get();

        // When the pipeline sends the confirmation of that opt-out twice, and a reply and a template besides
        for (SendRequest request : List.of(
                confirming(template(contact, "confirm-1", "order_update", MessageCategory.UTILITY, Instant.now()), optOut.getEventId()),
                confirming(template(contact, "confirm-2", "order_update", MessageCategory.UTILITY, Instant.now()), optOut.getEventId()),
                reply(contact, "reply-1", Instant.now()),
                template(contact, "update-1", "order_update", MessageCategory.UTILITY, Instant.now()))) {
            kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), request)).get();
        }

        // Then only the first confirmation goes; the second has its own reason; nothing else goes, inside the window or not
        Decisions decisions = Decisions.of(business, 4);
        assertThat(decisions.approvals()).singleElement().satisfies(approved -> {
            assertThat(approved.getRequest().getRequestId()).isEqualTo("confirm-1");
            assertThat(approved.getBasis()).isEqualTo(io.consentgate.avro.ApprovalBasis.OPT_OUT_CONFIRMATION);
        });
        Map<String, RejectionReason> reasons = decisions.rejections().stream()
                .collect(Collectors.toMap(rejection -> rejection.getRequest().getRequestId(), SendRejection::getReason));
        assertThat(reasons).containsExactlyInAnyOrderEntriesOf(Map.of(
                "confirm-2", RejectionReason.OPT_OUT_CONFIRMATION_REFUSED,
                "reply-1", RejectionReason.OPTED_OUT,
                "update-1", RejectionReason.OPTED_OUT));
    }

    private static SendRequest confirming(SendRequest request, String optOutId) {
        request.setConfirmsOptOut(optOutId);
        return request;
    }

    /**
     * Not a benchmark (bench/ is): a quick look at what a decision costs end to end at a modest steady rate, after a
     * warm-up, printed to the log; the only assertion is a generous ceiling, since other builds share the CPU.
     */
    @Test
    void shouldDecideQuicklyAtAModestSteadyRate() throws Exception {
        // Given: every contact messaged us, and a warm-up
        String warmUp = RunningGate.business();
        String measured = RunningGate.business();
        inboundMessagesFrom(warmUp, 300);
        inboundMessagesFrom(measured, 1_000);
        latenciesAtSteadyRate(warmUp, 300);

        // When
        List<Long> latencies = latenciesAtSteadyRate(measured, 1_000);

        // Then
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.get(latencies.size() * 99 / 100);
        log.info("Decision latency at {} requests/s (produced -> read by a read_committed consumer), {} requests: p50 {} ms, p99 {} ms, max {} ms",
                1_000 / STEADY_RATE_PERIOD_MILLIS, latencies.size(), p50, p99, latencies.getLast());
        assertThat(p99).isLessThan(2_000);
    }

    private static void inboundMessagesFrom(String business, int contacts) throws Exception {
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            sent.add(kafka.contactEvents().send(record(inbound(new ContactKey(business, spanishMobile(i)), Instant.now()))));
        }
        waitFor(sent);
    }

    /** Replies to contacts in their service window, one every {@value #STEADY_RATE_PERIOD_MILLIS} ms; the latencies sorted. */
    private static List<Long> latenciesAtSteadyRate(String business, int count) {
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        List<Long> latencies = new ArrayList<>();
        try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
             Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS)) {
            pacer.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i < count) {
                    ContactKey contact = new ContactKey(business, spanishMobile(i));
                    kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-" + i, Instant.now())));
                }
            }, 0, STEADY_RATE_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
            await("%d decisions for %s".formatted(count, business)).atMost(DECISIONS_ARRIVE).pollInterval(Duration.ZERO).until(() -> {
                approved.poll(Duration.ofMillis(5)).forEach(r -> addLatency(business, r.value().getRequest(), latencies));
                rejected.poll(Duration.ofMillis(5)).forEach(r -> addLatency(business, r.value().getRequest(), latencies));
                return latencies.size() >= count;
            });
        } finally {
            pacer.shutdownNow();
        }
        Collections.sort(latencies);
        return latencies;
    }

    /** When the test read the decision, minus when its request was produced. */
    private static void addLatency(String business, SendRequest request, List<Long> latencies) {
        if (request.getBusinessId().equals(business)) {
            latencies.add(System.currentTimeMillis() - request.getRequestedAt().toEpochMilli());
        }
    }

    @Test
    void shouldNeverRefuseAReplyRightAfterAnInboundMessage() throws Exception {
        // Given
        String business = RunningGate.business();
        int pairs = 1_000;
        List<Future<?>> sent = new ArrayList<>();

        // When: each inbound message is acknowledged before its reply is requested
        for (int i = 0; i < pairs; i++) {
            ContactKey contact = new ContactKey(business, spanishMobile(i));
            kafka.contactEvents().send(record(inbound(contact, Instant.now()))).get();
            sent.add(kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-" + i, Instant.now()))));
        }
        waitFor(sent);

        // Then
        Decisions decisions = Decisions.of(business, pairs);
        assertThat(decisions.rejections()).extracting(SendRejection::getReason).doesNotContain(RejectionReason.WINDOW_CLOSED);
        assertThat(decisions.approvals()).hasSize(pairs);
    }

    @Test
    void shouldNeverAdmitMoreUniqueContactsThanTheTierIn24Hours() throws Exception {
        // Given
        String business = RunningGate.business();
        int contacts = 320;
        givenOptedInContacts(business, MessagingTier.TIER_250, ConsentCategory.UTILITY, contacts);
        List<Future<?>> sent = new ArrayList<>();

        // When: every contact twice
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < contacts; i++) {
                ContactKey contact = new ContactKey(business, spanishMobile(i));
                sent.add(kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(),
                        template(contact, "r-" + round + "-" + i, "order_update", MessageCategory.UTILITY, Instant.now()))));
            }
        }
        waitFor(sent);

        // Then
        Decisions decisions = Decisions.of(business, 2 * contacts);
        assertThat(decisions.approvals().stream().map(ApprovedSend::getContact).distinct().count()).isEqualTo(250);
        assertThat(decisions.approvals().stream().filter(ApprovedSend::getCountedTowardLimit).count()).isEqualTo(250);
        assertThat(decisions.rejections()).extracting(SendRejection::getReason).containsOnly(RejectionReason.TIER_LIMIT_REACHED);
    }

    @Test
    void shouldContinueFromTheSameStateAfterARestart() throws Exception {
        // Given
        String business = RunningGate.business();
        approve(business, "order_update", MessageCategory.UTILITY);
        ContactKey contact = new ContactKey(business, spanishMobile(1));
        kafka.contactEvents().send(record(optIn(contact, ConsentCategory.ALL, Instant.now()))).get();
        kafka.contactEvents().send(record(optOut(contact, Instant.now()))).get();
        ContactKey replied = new ContactKey(business, spanishMobile(2));
        kafka.contactEvents().send(record(inbound(replied, Instant.now()))).get();
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), replied.toString(), reply(replied, "before", Instant.now()))).get();
        Decisions.of(business, 1);

        // When
        streams.stop();
        streams.start();
        gateIsRunning();
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(),
                template(contact, "after-1", "order_update", MessageCategory.UTILITY, Instant.now()))).get();
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), replied.toString(), reply(replied, "before", Instant.now()))).get();

        // Then
        Decisions decisions = Decisions.of(business, 3);
        assertThat(decisions.rejections()).extracting(rejection -> rejection.getRequest().getRequestId() + ":" + rejection.getReason())
                .containsExactlyInAnyOrder("after-1:OPTED_OUT", "before:DUPLICATE_REQUEST");
    }

    @Test
    void shouldDeadLetterUndecodableBytesAndAnswerOnHealthAndMetrics() throws Exception {
        // Given
        String business = RunningGate.business();
        ContactKey contact = new ContactKey(business, spanishMobile(7));
        byte[] garbage = ("garbage-" + business).getBytes(StandardCharsets.UTF_8);
        try (Producer<String, byte[]> raw = TopicClients.rawProducer(SharedKafka.bootstrapServers(), Map.of())) {
            raw.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), garbage)).get();
        }
        kafka.contactEvents().send(record(inbound(contact, Instant.now()))).get();
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "after-garbage", Instant.now()))).get();

        // When
        Decisions decisions = Decisions.of(business, 1);

        // Then
        assertThat(decisions.approvals()).hasSize(1);
        try (Consumer<String, byte[]> deadLetters = SharedKafka.rawConsumer(Topics.OUTBOUND_REQUESTS.deadLetterTopic())) {
            ConsumerRecord<String, byte[]> parked = io.consentgate.testing.KafkaAwait.recordWithKey(deadLetters, contact.toString());
            assertThat(parked.value()).isEqualTo(garbage);
            assertThat(new String(parked.headers().lastHeader(DeadLetters.SERVICE_HEADER).value(), StandardCharsets.UTF_8)).startsWith("send-gate");
        }
        // Ready again once the streams run: read through HttpAwait, since a 503 (OUT_OF_SERVICE) while they settle means "ask again".
        HttpResponse<String> readiness = HttpAwait.answer("the gate's readiness", () -> get("/actuator/health/readiness"));
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).endsWith("\"status\":\"UP\"}").contains("\"streams\"");
        HttpResponse<String> liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).as("liveness: " + liveness.body() + " / health: " + get("/actuator/health").body()).isEqualTo(200);
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("consentgate_decisions_total{", "business=\"" + business + "\"", "consentgate_decision_latency_seconds_bucket",
                "consentgate_dead_letters_total", "consentgate_fence_gaps_total", "kafka_stream_");
    }

    @Test
    void shouldExplainADecisionWithoutMakingIt() throws Exception {
        // Given
        String business = RunningGate.business();
        approve(business, "order_update", MessageCategory.UTILITY);
        ContactKey contact = new ContactKey(business, spanishMobile(5));
        kafka.contactEvents().send(record(optIn(contact, ConsentCategory.ALL, Instant.now()))).get();
        kafka.contactEvents().send(record(optOut(contact, Instant.now()))).get();
        String request = """
                {"requestId": "explain-1", "businessId": "%s", "senderId": "%s", "contact": "%s", "kind": "TEMPLATE",
                 "template": {"name": "order_update", "language": "es", "category": "UTILITY"}}""".formatted(business, SENDER, contact.contact());

        // When
        HttpResponse<String> anonymous = post("/v1/decisions/explain", request, null);

        // Then
        assertThat(anonymous.statusCode()).isEqualTo(401);
        await("the explanation after the opt-out").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            HttpResponse<String> explained = post("/v1/decisions/explain", request, SUPPORT_API_KEY);
            assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(explained.body());
            assertThat(body.path("outcome").asString()).isEqualTo("REJECTED");
            assertThat(body.path("rule").asString()).isEqualTo("OPTED_OUT");
            assertThat(body.path("state").path("contact").asString()).isEqualTo(contact.contact());
            assertThat(body.path("contact").asString()).as("the contact, not its key").isEqualTo(contact.contact());
        });
    }

    @Test
    void shouldNameEveryMissingFieldOfAnExplainRequestWithoutQuotingTheContact() throws Exception {
        HttpResponse<String> incomplete = post("/v1/decisions/explain", "{\"contact\": \"+34612987654\", \"template\": {}}", SUPPORT_API_KEY);
        HttpResponse<String> unknown = post("/v1/decisions/explain", "{\"zzUnknown\": \"+34612987654\"}", SUPPORT_API_KEY);

        assertThat(incomplete.statusCode()).as(incomplete.body()).isEqualTo(400);
        assertThat(incomplete.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = new ObjectMapper().readTree(incomplete.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://consentgate.io/problems/invalid-request");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("requestId", "businessId", "senderId", "kind",
                "template.name", "template.language", "template.category");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(new ObjectMapper().readTree(unknown.body()).path("errors").path(0).path("field").asString()).isEqualTo("zzUnknown");
        assertThat(incomplete.body() + unknown.body()).doesNotContain("612987654");
    }

    @Test
    void shouldDescribeTheExplainEndpointInTheServedOpenApiDocument() throws Exception {
        HttpResponse<String> document = get("/v3/api-docs");

        assertThat(document.statusCode()).isEqualTo(200);
        Set<String> served = OpenApiCoverage.served(mappings, "io.consentgate.gate");
        assertThat(served).containsExactly("POST /v1/decisions/explain");
        OpenApiCoverage.assertCovers(document.body(), served, Set.of());
        assertThat(document.body()).contains("Consent Gate send gate API");
    }

    @Test
    void shouldShowEachSendersQualityAndStatusAsGauges() throws Exception {
        // Given
        String business = RunningGate.business();
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business,
                senderQuality(business, QualityRating.YELLOW, SenderStatus.FLAGGED, Instant.now()))).get();

        // When
        await("the sender's gauges").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            senderHealth.discoverSenders();
            String metrics = get("/actuator/prometheus").body();

            // Then
            String labels = "{business=\"%s\",%s=\"%s\",sender=\"%s\"";
            assertThat(metrics).contains(
                    "consentgate_sender_quality" + labels.formatted(business, "rating", "YELLOW", SENDER) + "} 1.0",
                    "consentgate_sender_quality" + labels.formatted(business, "rating", "GREEN", SENDER) + "} 0.0",
                    "consentgate_sender_status{business=\"" + business + "\",sender=\"" + SENDER + "\",status=\"FLAGGED\"} 1.0",
                    "consentgate_sender_status{business=\"" + business + "\",sender=\"" + SENDER + "\",status=\"CONNECTED\"} 0.0");
        });
    }

    private HttpResponse<String> post(String path, String json, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The order_update template approved, the business's messaging limit, and contacts 0..count-1 opted in to a category. */
    private static void givenOptedInContacts(String business, MessagingTier tier, ConsentCategory category, int count) throws Exception {
        approve(business, "order_update", MessageCategory.UTILITY);
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business, messagingLimit(business, tier, Instant.now()))).get();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(kafka.contactEvents().send(record(optIn(new ContactKey(business, spanishMobile(i)), category, Instant.now()))));
        }
        waitFor(sent);
    }

    private static void approve(String business, String template, MessageCategory category) throws Exception {
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business,
                templateStatus(business, template, category, TemplateStatus.APPROVED, Instant.now().minusSeconds(3600)))).get();
    }

    private static ProducerRecord<String, ContactEvent> record(ContactEvent event) {
        return new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), new ContactKey(event.getBusinessId(), event.getContact()).toString(), event);
    }

    private static void waitFor(List<Future<?>> sent) throws Exception {
        for (Future<?> each : sent) {
            each.get();
        }
        sent.clear();
    }
}
