package io.consentgate.projector;

import static io.consentgate.projector.SampleContactEvents.erasure;
import static io.consentgate.projector.SampleContactEvents.inbound;
import static io.consentgate.projector.SampleContactEvents.marketingOptOut;
import static io.consentgate.projector.SampleContactEvents.webFormOptIn;
import static io.consentgate.projector.Http.segment;
import static io.consentgate.projector.SendDecisions.approvedSend;
import static io.consentgate.projector.SendDecisions.optedOutRejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ConsentGauges;
import io.consentgate.projector.query.ContactStore;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.testing.LibrdkafkaProducer;
import io.consentgate.testing.OpenApiCoverage;
import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import io.consentgate.testing.TopicClients;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two projector instances (this test's Spring context and a second one), one application id,
 * exactly-once, on a real broker and the real schema registry.
 */
@SpringBootTest(classes = ConsentProjectorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectorIntegrationTest {

    private static final String API_KEY = "crm-test-key";
    private static final String ERASURE_KEY = "integration-test-erasure-key-0123456789abcdef";
    /** A business whose policy reads national numbers as Spanish: set for it alone, as consent-events reads its captures. */
    private static final String SPANISH_BUSINESS = "shoes-es";
    private static final String APPLICATION_ID = "consent-projector-it-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext secondInstance;

    @LocalServerPort
    int port;

    @Autowired
    ContactStore store;

    @Autowired
    ProjectorStreams firstProjector;

    @Autowired
    ConsentGauges firstGauges;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void firstInstance(DynamicPropertyRegistry registry) {
        settings("first").forEach(setting -> {
            String[] parts = setting.split("=", 2);
            registry.add(parts[0], () -> parts[1]);
        });
    }

    @BeforeAll
    static void startSecondInstance() {
        secondInstance = new SpringApplicationBuilder(ConsentProjectorApplication.class)
                .run(Stream.concat(Stream.of("server.port=0"), settings("second").stream()).map(setting -> "--" + setting)
                        .toArray(String[]::new));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    /** What both instances share, except where each keeps its state. */
    private static List<String> settings(String instance) {
        try {
            return List.of(
                    "spring.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                    "consentgate.schema-registry.url=" + SharedRegistry.url(),
                    "spring.kafka.streams.application-id=" + APPLICATION_ID,
                    "spring.kafka.streams.state-dir=" + Files.createTempDirectory("projector-" + instance),
                    "spring.kafka.streams.properties.auto.offset.reset=earliest",
                    "consentgate.security.api-keys.crm=" + API_KEY,
                    "consentgate.privacy.erasure-hash-key=" + ERASURE_KEY,
                    "consentgate.policy.businesses." + SPANISH_BUSINESS + ".default-region=ES",
                    "consentgate.projector.gauge-refresh=1s");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Http first() {
        return new Http(port, API_KEY);
    }

    private Http second() {
        return new Http(secondInstance.getEnvironment().getRequiredProperty("local.server.port", Integer.class), API_KEY);
    }

    @Test
    void shouldAnswerForEveryContactThroughEitherInstance() {
        // Given six contacts of one business, spread over the partitions of both instances
        String business = "shoes-" + UUID.randomUUID();
        List<ContactKey> contacts = IntStream.range(0, 6).mapToObj(i -> new ContactKey(business, "+3461234567" + i)).toList();
        Instant capturedAt = Instant.now().minusSeconds(3600);
        publish(contacts.stream().map(contact -> webFormOptIn(contact, "optin-" + UUID.randomUUID(), capturedAt)).toList());

        // When each is asked for through each instance, in a national-looking format
        // Then both instances answer for every contact, and each instance holds part of them
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(activeTasks(firstProjector.streams())).isPositive();
            assertThat(activeTasks(secondStreams())).isPositive();
            for (ContactKey contact : contacts) {
                String written = "0034 " + contact.contact().substring(3, 6) + " " + contact.contact().substring(6);
                for (Http instance : List.of(first(), second())) {
                    HttpResponse<String> response = instance.get("/v1/businesses/" + business + "/contacts/" + segment(written));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    JsonNode state = JSON.readTree(response.body());
                    assertThat(state.path("contact").asString()).isEqualTo(contact.contact());
                    assertThat(state.path("standing").path("MARKETING").asString()).isEqualTo("OPTED_IN");
                }
            }
        });

        // And the history shows the proof, through the instance that does not hold it as well
        for (Http instance : List.of(first(), second())) {
            JsonNode history = JSON.readTree(instance.answer("/v1/businesses/" + business + "/contacts/" + segment(contacts.getFirst().contact()) + "/history").body());
            assertThat(history.path("facts")).hasSize(1);
            assertThat(history.path("facts").get(0).path("proof").path("noticeVersion").asString()).isEqualTo("wa-optin-es-v3");
        }

        // And the audience asked of either instance is the whole business, one contact a line
        for (Http instance : List.of(first(), second())) {
            HttpResponse<String> audience = instance.answer("/v1/businesses/" + business + "/audience?category=MARKETING");
            assertThat(audience.statusCode()).as(audience.body()).isEqualTo(200);
            assertThat(audience.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
            List<String> members = audience.body().lines().map(line -> JSON.readTree(line).path("contact").asString()).toList();
            assertThat(members).containsExactlyInAnyOrderElementsOf(contacts.stream().map(ContactKey::contact).toList());
        }
        assertThat(first().answer("/v1/businesses/" + business + "/audience?category=UTILITY").body())
                .as("the opt-in covers only the order-updates topic of UTILITY").isEmpty();
    }

    @Test
    void shouldLeaveASuppressedContactOutOfTheAudienceAndShowWhy() {
        // Given two contacts opted in, and three 131026 in a row for one of them (the intake's shape of Meta's failed statuses)
        String business = "shoes-" + UUID.randomUUID();
        ContactKey reachable = new ContactKey(business, "+34612340001");
        ContactKey undeliverable = new ContactKey(business, "+34612340002");
        Instant capturedAt = Instant.now().minusSeconds(3600);
        List<ContactEvent> events = new ArrayList<>(List.of(webFormOptIn(reachable, "optin-" + UUID.randomUUID(), capturedAt),
                webFormOptIn(undeliverable, "optin-" + UUID.randomUUID(), capturedAt)));
        for (int minutesAgo = 30; minutesAgo >= 10; minutesAgo -= 10) {
            events.add(io.consentgate.testing.contract.ContactEvents.event(undeliverable, "evt-" + UUID.randomUUID(),
                    Instant.now().minusSeconds(60L * minutesAgo), "whatsapp-webhook", io.consentgate.testing.contract.ContactEvents
                            .failedDelivery("106540352242922", "wamid.failed-" + minutesAgo, "campaign-" + minutesAgo, 131026)));
        }
        publish(events);

        // When the contact and the audience are asked for
        // Then the contact view shows the suppression, and the audience has only the reachable contact
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> view = first().answer("/v1/businesses/" + business + "/contacts/" + segment(undeliverable.contact()));
            assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
            JsonNode delivery = JSON.readTree(view.body()).path("delivery");
            assertThat(delivery.path("suppressed").asBoolean()).isTrue();
            assertThat(delivery.path("undeliverableInARow").asInt()).isEqualTo(3);
            List<String> members = first().answer("/v1/businesses/" + business + "/audience?category=MARKETING").body().lines()
                    .map(line -> JSON.readTree(line).path("contact").asString()).toList();
            assertThat(members).containsExactly(reachable.contact());
        });
    }

    @Test
    void shouldAnswerALookupByEitherIdentityOfALinkedPersonWithThePersonsStateThroughEitherInstance() {
        // Given six people who opted in under their phone number, then wrote naming both phone number and BSUID
        String business = "shoes-" + UUID.randomUUID();
        List<ContactKey> phones = IntStream.range(0, 6).mapToObj(i -> new ContactKey(business, "+3461234568" + i)).toList();
        List<ContactKey> bsuids = IntStream.range(0, 6).mapToObj(i -> new ContactKey(business, "ES.77000000000000" + i)).toList();
        Instant capturedAt = Instant.now().minusSeconds(3600);
        List<ContactEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < phones.size(); i++) {
            io.consentgate.avro.IdentityLinked link = new io.consentgate.avro.IdentityLinked(phones.get(i).contact(), bsuids.get(i).contact());
            events.add(webFormOptIn(phones.get(i), "optin-" + UUID.randomUUID(), capturedAt));
            events.add(SampleContactEvents.event(phones.get(i), "link-" + UUID.randomUUID(), capturedAt.plusSeconds(60), "whatsapp-webhook", link));
            events.add(SampleContactEvents.event(bsuids.get(i), "link-" + UUID.randomUUID(), capturedAt.plusSeconds(60), "whatsapp-webhook", link));
        }
        publish(events);

        // When each person is asked for by either identity, through either instance
        // Then the answer is the person's state, held under the BSUID, listing the phone number
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (int i = 0; i < phones.size(); i++) {
                for (ContactKey asked : List.of(phones.get(i), bsuids.get(i))) {
                    for (Http instance : List.of(first(), second())) {
                        HttpResponse<String> response = instance.get("/v1/businesses/" + business + "/contacts/" + segment(asked.contact()));
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                        JsonNode state = JSON.readTree(response.body());
                        assertThat(state.path("contact").asString()).isEqualTo(bsuids.get(i).contact());
                        assertThat(state.path("aliases").get(0).asString()).isEqualTo(phones.get(i).contact());
                        assertThat(state.path("standing").path("MARKETING").asString()).isEqualTo("OPTED_IN");
                    }
                }
            }
        });
        // and the audience lists each person once, under the BSUID
        List<String> members = first().answer("/v1/businesses/" + business + "/audience?category=MARKETING").body().lines()
                .map(line -> JSON.readTree(line).path("contact").asString()).toList();
        assertThat(members).containsExactlyInAnyOrderElementsOf(bsuids.stream().map(ContactKey::contact).toList());
        // and the gauges count each person once, though each phone number still holds the opt-in it had before the link
        // (a recount is asked for after every link was folded, and retried while a rebalance keeps the stores from it)
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(firstGauges.recount()).as("the first instance recounted").isTrue();
            assertThat(secondInstance.getBean(ConsentGauges.class).recount()).as("the second instance recounted").isTrue();
            assertThat(optedInGauge(business, first()) + optedInGauge(business, second())).isEqualTo(phones.size());
        });
    }

    /** This instance's {@code consentgate_projector_contacts_opted_in} for the business's MARKETING, 0 when it holds none. */
    private static double optedInGauge(String business, Http instance) {
        String series = "consentgate_projector_contacts_opted_in{business=\"" + business + "\",category=\"MARKETING\"} ";
        return instance.withoutKey().get("/actuator/prometheus").body().lines().filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length()))).sum();
    }

    @Test
    void shouldEraseAContactFromTheStoresTheHistoryAndTheCompactedTopicAndStillHonourItsOptOut() {
        // Given a contact with an opt-in, a message and a marketing opt-out
        String business = "shoes-" + UUID.randomUUID();
        ContactKey lucia = new ContactKey(business, "+34612345680");
        Instant start = Instant.now().minusSeconds(3600);
        publish(List.of(webFormOptIn(lucia, "optin-" + UUID.randomUUID(), start),
                inbound(lucia, "hola-" + UUID.randomUUID(), start.plusSeconds(60), null),
                marketingOptOut(lucia, "optout-" + UUID.randomUUID(), start.plusSeconds(120))));
        String contactPath = "/v1/businesses/" + business + "/contacts/" + segment("+34 612 34 56 80");
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(JSON.readTree(first().get(contactPath + "/history").body()).path("facts")).hasSize(2));

        // When the compliance team files an erasure through the second instance
        HttpResponse<String> accepted = second().post(contactPath + "/erasure", "{\"requestId\":\"dsr-42\",\"requestedBy\":\"dpo@shoes.example\"}");

        // Then it is accepted once on Kafka
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).path("eventId").asString()).isEqualTo("erasure-dsr-42");

        // And a lookup by phone number finds only the anonymous remnant, which still says "opted out of marketing"
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode state = JSON.readTree(first().get(contactPath).body());
            assertThat(state.path("erased").asBoolean()).isTrue();
            assertThat(state.path("contact").isNull()).isTrue();
            assertThat(state.path("standing").path("MARKETING").asString()).isEqualTo("OPTED_OUT");
        });
        HttpResponse<String> export = second().answer(contactPath + "/export");
        assertThat(JSON.readTree(export.body()).path("history")).isEmpty();
        assertThat(JSON.readTree(export.body()).path("decisions")).isEmpty();
        assertThat(export.body()).doesNotContain("612345680").doesNotContain("203.0.113.7").doesNotContain("form-submission");
        assertThat(JSON.readTree(first().answer(contactPath + "/history").body()).path("facts")).isEmpty();

        // And no store of either instance holds the number (read again while a rebalance makes a store unavailable)
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> heldContacts = new ArrayList<>();
            for (ContactStore instance : List.of(store, secondInstance.getBean(ContactStore.class))) {
                instance.forEachLocalState(state -> heldContacts.add(state.isErased() ? state.contactHash() : state.contact().canonical()));
            }
            assertThat(heldContacts).doesNotContain(lucia.contact())
                    .contains(new ErasureHasher(ERASURE_KEY.getBytes(StandardCharsets.UTF_8)).hash(business, lucia.contact()));
        });

        // And on consent-state, read back from the beginning: the old key's latest record is a tombstone,
        // and nothing written from the erasure on carries the number
        String hashedKey = new ErasureHasher(ERASURE_KEY.getBytes(StandardCharsets.UTF_8)).erasedKey(business, lucia.contact()).toString();
        List<ConsumerRecord<String, ContactState>> records = consentStateOf(business, hashedKey);
        ConsumerRecord<String, ContactState> latestForOldKey = records.stream()
                .filter(record -> record.key().equals(lucia.toString())).reduce((earlier, later) -> later).orElseThrow();
        assertThat(latestForOldKey.value()).as("tombstone").isNull();
        assertThat(records).filteredOn(record -> record.timestamp() >= latestForOldKey.timestamp())
                .isNotEmpty()
                .allSatisfy(record -> assertThat(String.valueOf(record.value())).doesNotContain("612345680"));
        ContactState remnant = records.stream().filter(record -> record.key().equals(hashedKey)).reduce((a, b) -> b).orElseThrow().value();
        assertThat(remnant.getContact()).isNull();
        assertThat(remnant.getScopes()).allSatisfy(scope -> assertThat(scope.getStatus().name()).isEqualTo("OPTED_OUT"));
    }

    @Test
    void shouldExportAContactsSendDecisionsThroughEitherInstance() {
        // Given a contact who opted in, and the gate's decisions about two sends to her
        String business = "shoes-" + UUID.randomUUID();
        ContactKey lucia = new ContactKey(business, "+34612345681");
        Instant start = Instant.now().minusSeconds(3600);
        publish(List.of(webFormOptIn(lucia, "optin-" + UUID.randomUUID(), start)));
        publish(Topics.APPROVED_SENDS, lucia, approvedSend(lucia, "req-approved", start.plusSeconds(60)));
        publish(Topics.SEND_REJECTIONS, lucia, optedOutRejection(lucia, "req-refused", start.plusSeconds(120)));
        String contactPath = "/v1/businesses/" + business + "/contacts/" + segment("+34 612 34 56 81");

        // When her data is exported through either instance
        // Then the export holds both decisions, newest first, without the message
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Http instance : List.of(first(), second())) {
                HttpResponse<String> export = instance.get(contactPath + "/export");
                assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
                JsonNode decisions = JSON.readTree(export.body()).path("decisions");
                assertThat(decisions.valueStream().map(decision -> decision.path("requestId").asString()).toList())
                        .containsExactly("req-refused", "req-approved");
                assertThat(decisions.get(0).path("reason").asString()).isEqualTo("OPTED_OUT");
                assertThat(decisions.get(1).path("basis").asString()).isEqualTo("CONSENT");
                assertThat(export.body()).doesNotContain(SendDecisions.PAYLOAD_TEXT);
            }
        });

        // And support asking for the latest decision only is told there are more
        JsonNode latest = JSON.readTree(first().answer(contactPath + "/decisions?limit=1").body());
        assertThat(latest.path("decisions")).hasSize(1);
        assertThat(latest.path("decisions").get(0).path("outcome").asString()).isEqualTo("REJECTED");
        assertThat(latest.path("more").asBoolean()).isTrue();
    }

    @Test
    void shouldFindANationalNumberInTheRegionOfItsBusinessPolicy() {
        // Given a contact of a business whose policy region is ES, captured as a national number (so stored as +34…)
        String national = "612 " + String.format("%06d", Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 1_000_000));
        ContactKey contact = new ContactKey(SPANISH_BUSINESS, "+34" + national.replace(" ", ""));
        publish(List.of(webFormOptIn(contact, "optin-" + UUID.randomUUID(), Instant.now().minusSeconds(60))));

        // When it is asked for in the national format it was captured in, through either instance
        // Then both find it: the lookup reads the number in the business's region, as the capture did
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (Http instance : List.of(first(), second())) {
                HttpResponse<String> response = instance.get("/v1/businesses/" + SPANISH_BUSINESS + "/contacts/" + segment(national));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).path("contact").asString()).isEqualTo(contact.contact());
            }
        });
    }

    @Test
    void shouldServeNoContactDataWithoutAValidApiKey() {
        String contactPath = "/v1/businesses/shoes/contacts/" + segment("+34612345670");
        for (Http caller : List.of(first().withoutKey(), first().withKey("guessed-key"))) {
            for (HttpResponse<String> response : List.of(caller.get(contactPath), caller.get(contactPath + "/history"),
                    caller.get(contactPath + "/export"), caller.get(contactPath + "/decisions"), caller.get("/v1/businesses/shoes/audience?category=MARKETING"),
                    caller.post(contactPath + "/erasure", "{}"))) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.body()).doesNotContain("612345670");
            }
        }
        // Health stays public; it answers 503 until this instance's streams first reach RUNNING, so wait for that.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(first().withoutKey().get("/actuator/health").statusCode()).isEqualTo(200));
    }

    @Test
    void shouldRefuseAnInvalidPhoneNumberWithAProblemThatSaysWhy() {
        HttpResponse<String> response = first().get("/v1/businesses/shoes/contacts/" + segment("612 34") + "/history");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asString()).contains("country code");
        // Found by the hostile-HTTP fault scenario: the answer repeated the number, in the detail and in "instance" (the path).
        assertThat(response.body()).doesNotContain("612 34").doesNotContain("612%2034");
        assertThat(problem.has("instance")).isFalse();
    }

    @Test
    void shouldRefuseHostileRequestsWith4xxWithoutRepeatingTheirValues() {
        // Found by the hostile-HTTP fault scenario: a 20 MB body filed an erasure (202), and refusals quoted the values sent.
        // The unknown contact is looked up once the stores answer: right after start-up or a rebalance the honest answer
        // is 503 (CI once read it here, "expected: 404 but was: 503").
        String contactPath = "/v1/businesses/shoes/contacts/" + segment("+34612987654");
        // 100 KB: over the limit, and under what Tomcat reads and discards after an early answer (2 MB), so that the client sees it.
        HttpResponse<String> huge = first().post(contactPath + "/erasure", "{\"requestId\":\"" + "a".repeat(100 * 1024) + "\"}");
        HttpResponse<String> unknownProperty = first().post(contactPath + "/erasure", "{\"requestId\":\"dsr-1\",\"zzUnknown\":\"Zelda\"}");
        HttpResponse<String> notANumber = first().get(contactPath + "/decisions?limit=Zelda");
        HttpResponse<String> category = first().get("/v1/businesses/shoes/audience?category=Zelda");
        HttpResponse<String> unknown = first().answer(contactPath);
        HttpResponse<String> noSuchPath = first().get(contactPath + "/Zelda");

        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(413);
        assertThat(unknownProperty.statusCode()).as(unknownProperty.body()).isEqualTo(400);
        assertThat(JSON.readTree(unknownProperty.body()).path("errors").path(0).path("field").asString()).isEqualTo("zzUnknown");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(category.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noSuchPath.statusCode()).isEqualTo(404);
        for (HttpResponse<String> response : List.of(huge, unknownProperty, notANumber, category, unknown, noSuchPath)) {
            assertThat(response.body()).doesNotContain("Zelda").doesNotContain("612987654");
        }
    }

    @Test
    void shouldDescribeEveryEndpointInTheServedOpenApiDocument() {
        HttpResponse<String> response = first().withoutKey().get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        Set<String> served = OpenApiCoverage.served(mappings, "io.consentgate.projector");
        assertThat(served).hasSize(6);
        OpenApiCoverage.assertCovers(response.body(), served, Set.of());
        assertThat(JSON.readTree(response.body()).path("info").path("title").asString()).isEqualTo("Consent Gate consent projector API");
    }

    @Test
    void shouldExposeTheProjectorsMetricsToPrometheus() {
        String business = "metrics-" + UUID.randomUUID();
        ContactKey contact = new ContactKey(business, "+34612345690");
        publish(List.of(webFormOptIn(contact, "optin-" + UUID.randomUUID(), Instant.now().minusSeconds(60))));

        await().atMost(PATIENCE).untilAsserted(() -> {
            String metrics = first().withoutKey().get("/actuator/prometheus").body()
                    + second().withoutKey().get("/actuator/prometheus").body();
            assertThat(metrics).contains("consentgate_projector_events_applied_total{channel=\"WEB_FORM\",type=\"OptIn\"}")
                    .contains("consentgate_projector_opt_ins_total{channel=\"WEB_FORM\",scope=\"MARKETING\"}")
                    .contains("consentgate_projector_contacts_opted_in{business=\"" + business + "\",category=\"MARKETING\"} 1.0");
        });
    }

    /**
     * A capture system in another language with its client's default settings: librdkafka puts each event by CRC32,
     * for these contacts never on the partition Java's murmur2 (and so the instance routing) picks.
     */
    @Test
    void shouldAnswerTheRightStateForContactsWhoseEventsCameFromALibrdkafkaProducer() {
        Assumptions.assumeTrue(LibrdkafkaProducer.available(), LibrdkafkaProducer.MISSING);
        // Given six contacts that CRC32 and murmur2 put on different partitions, half of them opted out after opting in
        String business = "shoes-" + UUID.randomUUID();
        int partitions = SharedKafka.partitions();
        List<ContactKey> contacts = IntStream.range(0, 1_000).mapToObj(i -> new ContactKey(business, "+34612" + String.format("%06d", i)))
                .filter(key -> LibrdkafkaProducer.crc32Partition(key.toString(), partitions) != HomePartitions.of(key.toString(), partitions))
                .limit(6).toList();
        Instant capturedAt = Instant.now().minusSeconds(3600);
        List<ContactEvent> events = new ArrayList<>();
        for (int i = 0; i < contacts.size(); i++) {
            events.add(webFormOptIn(contacts.get(i), "optin-" + UUID.randomUUID(), capturedAt));
            if (i % 2 == 1) {
                events.add(marketingOptOut(contacts.get(i), "optout-" + UUID.randomUUID(), capturedAt.plusSeconds(60)));
            }
        }
        double misroutedBefore = misroutedCount();

        // When the librdkafka producer publishes them
        List<LibrdkafkaProducer.Delivered> delivered = LibrdkafkaProducer.produce(SharedKafka.bootstrapServers(), events.stream().map(event -> {
            String key = new ContactKey(event.getBusinessId(), event.getContact()).toString();
            return new LibrdkafkaProducer.Record(Topics.CONTACT_EVENTS.name(), key.getBytes(StandardCharsets.UTF_8),
                    AvroSerde.forTopic(Topics.CONTACT_EVENTS, SharedRegistry.client()).serializer().serialize(Topics.CONTACT_EVENTS.name(), event));
        }).toList(), 0);
        for (int i = 0; i < events.size(); i++) {
            String key = new ContactKey(events.get(i).getBusinessId(), events.get(i).getContact()).toString();
            assertThat(delivered.get(i).partition()).as("where librdkafka put it").isNotEqualTo(HomePartitions.of(key, partitions));
        }

        // Then both instances answer each contact's state and history, as for a Java producer's events
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (int i = 0; i < contacts.size(); i++) {
                for (Http instance : List.of(first(), second())) {
                    String path = "/v1/businesses/" + business + "/contacts/" + segment(contacts.get(i).contact());
                    HttpResponse<String> response = instance.get(path);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertThat(JSON.readTree(response.body()).path("standing").path("MARKETING").asString())
                            .isEqualTo(i % 2 == 1 ? "OPTED_OUT" : "OPTED_IN");
                    assertThat(JSON.readTree(instance.get(path + "/history").body()).path("facts")).hasSize(i % 2 == 1 ? 2 : 1);
                }
            }
        });

        // And each was counted as misrouted (at least once: the counter is outside the exactly-once transaction,
        // so a record re-read after an aborted task counts again)
        assertThat(misroutedCount() - misroutedBefore).isGreaterThanOrEqualTo(events.size());
    }

    /** Both instances' count of misrouted contact events. */
    private double misroutedCount() {
        String series = "consentgate_misrouted_records_total{service=\"consent-projector\",topic=\"contact-events\"} ";
        return Stream.of(first(), second()).mapToDouble(instance -> instance.withoutKey().get("/actuator/prometheus").body().lines()
                .filter(line -> line.startsWith(series)).mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in a projector's metrics"))).sum();
    }

    private static void publish(List<ContactEvent> events) {
        try (Producer<String, ContactEvent> producer =
                     TopicClients.producer(SharedKafka.bootstrapServers(), Topics.CONTACT_EVENTS, SharedRegistry.client())) {
            for (ContactEvent event : events) {
                producer.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(),
                        new ContactKey(event.getBusinessId(), event.getContact()).toString(), event)).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the test's events", e);
        }
    }

    private static <V extends SpecificRecord> void publish(Topic<V> topic, ContactKey key, V decision) {
        try (Producer<String, V> producer = TopicClients.producer(SharedKafka.bootstrapServers(), topic, SharedRegistry.client())) {
            producer.send(new ProducerRecord<>(topic.name(), key.toString(), decision)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the test's decision to " + topic.name(), e);
        }
    }

    /** Every consent-state record of the business, once the remnant under the hashed key has arrived. */
    private static List<ConsumerRecord<String, ContactState>> consentStateOf(String business, String awaitedKey) {
        List<ConsumerRecord<String, ContactState>> found = new ArrayList<>();
        try (Consumer<String, ContactState> consumer =
                     TopicClients.consumer(SharedKafka.bootstrapServers(), Topics.CONSENT_STATE, SharedRegistry.client())) {
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().startsWith(business + ContactKey.SEPARATOR)) {
                        found.add(record);
                    }
                });
                return found.stream().anyMatch(record -> record.key().equals(awaitedKey));
            });
        }
        return found;
    }

    private static KafkaStreams secondStreams() {
        return secondInstance.getBean(ProjectorStreams.class).streams();
    }

    private static long activeTasks(KafkaStreams streams) {
        return streams == null ? 0 : streams.metadataForLocalThreads().stream().mapToLong(thread -> thread.activeTasks().size()).sum();
    }
}
