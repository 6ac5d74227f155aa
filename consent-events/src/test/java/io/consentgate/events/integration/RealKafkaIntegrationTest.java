package io.consentgate.events.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.FreeReason;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderRateLimited;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.events.Fixtures;
import io.consentgate.events.webhook.WebhookSignature;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.KafkaAwait;
import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import io.consentgate.testing.contract.BusinessEvents;
import io.consentgate.testing.contract.ContactEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.result.MockMvcResultMatchers;

/** The real path: HTTP → publisher → the real KRaft broker and the real schema registry → read back. */
@SpringBootTest(properties = {
        "consentgate.security.api-keys.web-signup=it-key",
        "consentgate.events.whatsapp.app-secret=it-secret",
        "consentgate.events.whatsapp.accounts." + Fixtures.WABA_ID + "=" + Fixtures.BUSINESS_ID,
        "consentgate.events.whatsapp.senders." + Fixtures.DISPLAY_NUMBER + "=" + Fixtures.PHONE_NUMBER_ID})
@AutoConfigureMockMvc
class RealKafkaIntegrationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void realKafka(DynamicPropertyRegistry properties) {
        properties.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        properties.add("consentgate.schema-registry.url", SharedRegistry::url);
    }

    @Test
    void shouldRecordAnOptInThatConsumersReadBackWithItsKeyAndProof() throws Exception {
        // Given a business of this test's own (the broker is shared)
        String business = "biz-" + UUID.randomUUID();

        // When an opt-in is posted
        mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/opt-ins").header("X-API-Key", "it-key")
                        .contentType(MediaType.APPLICATION_JSON).content("""
                                {"contact": "0034 612 34 56 78", "businessName": "ACME Tiendas", "scopes": [{"category": "MARKETING"}],
                                 "channel": "WEB_FORM", "noticeVersion": "v3", "noticeText": "Acepto", "language": "es-ES",
                                 "evidenceRef": "form/1", "ipAddress": "203.0.113.7"}
                                """))
                .andExpect(MockMvcResultMatchers.status().isAccepted());

        // Then contact-events has it under the canonical key, with its proof
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            ContactEvent event = KafkaAwait.recordWithKey(consumer, business + "|+34612345678").value();
            assertThat(event.getContact()).isEqualTo("+34612345678");
            OptIn optIn = (OptIn) event.getPayload();
            assertThat(optIn.getBusinessName()).isEqualTo("ACME Tiendas");
            assertThat(optIn.getIpAddress()).isEqualTo("203.0.113.7");
            assertThat(optIn.getNoticeVersion()).isEqualTo("v3");
        }
    }

    @Test
    void shouldLandAWebhookBatchAsTheRightEvents() throws Exception {
        byte[] body = Fixtures.bytes("webhooks/messages-batch.json");
        byte[] business = Fixtures.bytes("webhooks/business-batch.json");
        WebhookSignature meta = new WebhookSignature("it-secret");

        for (byte[] delivery : List.of(body, business)) {
            mvc.perform(MockMvcRequestBuilders.post("/webhooks/whatsapp").header(WebhookSignature.HEADER, meta.headerFor(delivery))
                            .contentType(MediaType.APPLICATION_JSON).content(delivery))
                    .andExpect(MockMvcResultMatchers.status().isOk());
        }

        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            List<ConsumerRecord<String, ContactEvent>> records = KafkaAwait.recordsWithKey(consumer, "acme-retail|+34612345678", 2);
            assertThat(records).extracting(record -> record.value().getPayload().getClass().getSimpleName())
                    .contains("InboundMessage", "DeliveryStatusReported");
            assertThat(records.stream().map(ConsumerRecord::value).map(ContactEvent::getPayload)
                    .filter(InboundMessage.class::isInstance).map(InboundMessage.class::cast).findFirst().orElseThrow()
                    .getKeywordCandidate()).isEqualTo("BAJA");
        }
        try (Consumer<String, BusinessEvent> consumer = SharedKafka.consumer(Topics.BUSINESS_EVENTS)) {
            List<ConsumerRecord<String, BusinessEvent>> records = KafkaAwait.recordsWithKey(consumer, "acme-retail", 5);
            assertThat(records).extracting(record -> record.value().getPayload()).anySatisfy(payload ->
                    assertThat(payload).isInstanceOfSatisfying(TemplateStatusChanged.class,
                            template -> assertThat(template.getTemplateName()).isEqualTo("black_friday")));
        }
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("José", "محمد");
    }

    @Test
    void shouldLandTemplateEventsACategoryChangeARestrictionAndACall() throws Exception {
        // Given Meta's template events, a completed category change and an account restriction
        for (String fixture : List.of("webhooks/template-events.json", "webhooks/account-update.json", "webhooks/calls.json")) {
            byte[] delivery = Fixtures.bytes(fixture);

            // When they are delivered through the signed webhook
            mvc.perform(MockMvcRequestBuilders.post("/webhooks/whatsapp").header(WebhookSignature.HEADER, new WebhookSignature("it-secret").headerFor(delivery))
                            .contentType(MediaType.APPLICATION_JSON).content(delivery))
                    .andExpect(MockMvcResultMatchers.status().isOk());
        }

        // Then business-events has the category change and the FLAGGED event with its disable date (what the gate folds)
        List<Object> payloads = new ArrayList<>();
        try (Consumer<String, BusinessEvent> consumer = SharedKafka.consumer(Topics.BUSINESS_EVENTS)) {
            org.awaitility.Awaitility.await("the category change on business-events").atMost(KafkaAwait.DEFAULT_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (Fixtures.BUSINESS_ID.equals(record.key())) {
                        payloads.add(record.value().getPayload());
                    }
                });
                return payloads.stream().anyMatch(TemplateCategoryChanged.class::isInstance)
                        && payloads.stream().anyMatch(payload -> payload instanceof SenderQualityChanged quality
                        && quality.getRestrictedUntil() != null);
            });
        }
        assertThat(payloads).anySatisfy(payload -> assertThat(payload).isInstanceOfSatisfying(TemplateCategoryChanged.class,
                moved -> assertThat(moved.getNewCategory()).isEqualTo(MessageCategory.MARKETING)));
        assertThat(payloads).anySatisfy(payload -> assertThat(payload).isInstanceOfSatisfying(TemplateStatusChanged.class, flagged -> {
            assertThat(flagged.getStatus()).isEqualTo(TemplateStatus.FLAGGED);
            assertThat(flagged.getDisableDate()).isEqualTo(Instant.ofEpochSecond(1764236800));
        }));
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            // the call: an inbound CALL under the caller's canonical key, opening the window from the call's time
            org.awaitility.Awaitility.await("the call on contact-events").atMost(KafkaAwait.DEFAULT_TIMEOUT).until(() -> {
                for (ConsumerRecord<String, ContactEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    if ((Fixtures.BUSINESS_ID + "|+34612345678").equals(record.key()) && record.value().getPayload() instanceof InboundMessage inbound
                            && inbound.getType() == InboundMessageType.CALL) {
                        return record.value().getOccurredAt().equals(Instant.ofEpochSecond(1763633990));
                    }
                }
                return false;
            });
        }
        assertThat(payloads).anySatisfy(payload -> assertThat(payload).isInstanceOfSatisfying(SenderQualityChanged.class,
                restricted -> {
                    assertThat(restricted.getStatus()).isEqualTo(SenderStatus.RESTRICTED);
                    assertThat(restricted.getRestrictedUntil()).isEqualTo(Instant.ofEpochSecond(1764237000));
                }));
    }

    @Test
    void shouldLoadABusinessFromGraphApiResponsesAndRefuseABadOneNamingTheField() throws Exception {
        // Given a business of this test's own and Meta's Graph API responses for its account
        String business = "biz-" + UUID.randomUUID();

        // When a sync job posts them unchanged (and one with a bad field)
        for (String[] snapshot : new String[][] {{"message-templates", "graph/message-templates.json"}, {"phone-numbers", "graph/phone-numbers.json"}}) {
            mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/snapshots/" + snapshot[0]).header("X-API-Key", "it-key")
                            .contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes(snapshot[1])))
                    .andExpect(MockMvcResultMatchers.status().isAccepted());
        }
        mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/snapshots/message-templates")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"data\": []}"))
                .andExpect(MockMvcResultMatchers.status().isUnauthorized());
        mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/snapshots/message-templates").header("X-API-Key", "it-key")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"data\": [{\"name\": \"late_one\", \"language\": \"es\", \"status\": \"SHINY\"}]}"))
                .andExpect(MockMvcResultMatchers.status().isBadRequest())
                .andExpect(MockMvcResultMatchers.content().string(org.hamcrest.Matchers.containsString("data[0].status")));

        // Then business-events has the three templates, the complete list (one page, no previous, no next) and the number,
        // and nothing of the refused one
        try (Consumer<String, BusinessEvent> consumer = SharedKafka.consumer(Topics.BUSINESS_EVENTS)) {
            List<ConsumerRecord<String, BusinessEvent>> records = KafkaAwait.recordsWithKey(consumer, business, 5);
            assertThat(records).extracting(record -> record.value().getPayload()).filteredOn(TemplatesListed.class::isInstance)
                    .singleElement().satisfies(listed -> assertThat(((TemplatesListed) listed).getTemplates()).hasSize(3));
            assertThat(records).extracting(record -> record.value().getSource()).containsOnly("graph-snapshot");
            assertThat(records).extracting(record -> record.value().getPayload()).anySatisfy(payload ->
                    assertThat(payload).isInstanceOfSatisfying(SenderQualityChanged.class,
                            number -> assertThat(number.getQualityRating()).isEqualTo(QualityRating.RED)));
            assertThat(records).extracting(record -> record.value().getPayload()).noneSatisfy(payload ->
                    assertThat(payload).isInstanceOfSatisfying(TemplateStatusChanged.class,
                            template -> assertThat(template.getTemplateName()).isEqualTo("late_one")));
            assertThat(consumer.poll(Duration.ofMillis(500))).noneMatch(record -> business.equals(record.key()));
        }
    }

    @Test
    void shouldPublishACompleteTemplateListFromEveryPageAsOfWhenTheSyncJobReadThem() throws Exception {
        // Given a business of this test's own and the two pages of its message_templates, as jq -s gives them
        String business = "biz-" + UUID.randomUUID();
        String asOf = "2026-11-20T10:15:02Z";

        // When a sync job posts them with the instant it began reading (and once with an asOf that is not an instant)
        mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/snapshots/message-templates").param("asOf", asOf)
                        .header("X-API-Key", "it-key").contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes("graph/message-templates-pages.json")))
                .andExpect(MockMvcResultMatchers.status().isAccepted())
                .andExpect(MockMvcResultMatchers.jsonPath("$.published").value(4))
                .andExpect(MockMvcResultMatchers.jsonPath("$.complete").value(true));
        mvc.perform(MockMvcRequestBuilders.post("/v1/businesses/" + business + "/snapshots/message-templates").param("asOf", "yesterday")
                        .header("X-API-Key", "it-key").contentType(MediaType.APPLICATION_JSON).content(Fixtures.bytes("graph/message-templates-pages.json")))
                .andExpect(MockMvcResultMatchers.status().isBadRequest())
                .andExpect(MockMvcResultMatchers.jsonPath("$.errors[0].field").value("asOf"));

        // Then business-events has each template's status and, last, the whole list, all as of that instant
        try (Consumer<String, BusinessEvent> consumer = SharedKafka.consumer(Topics.BUSINESS_EVENTS)) {
            List<ConsumerRecord<String, BusinessEvent>> records = KafkaAwait.recordsWithKey(consumer, business, 4);
            assertThat(records).allSatisfy(record -> assertThat(record.value().getOccurredAt()).isEqualTo(Instant.parse(asOf)));
            assertThat(records.getLast().value().getPayload()).isInstanceOfSatisfying(TemplatesListed.class, listed -> {
                assertThat(listed.getPages()).isEqualTo(2);
                assertThat(listed.getTemplates()).extracting(t -> t.getName() + "|" + t.getLanguage())
                        .containsExactly("order_update|es", "order_update|pt_BR", "spring_sale|es");
            });
            assertThat(consumer.poll(Duration.ofMillis(500))).noneMatch(record -> business.equals(record.key()));
        }
    }

    @Test
    void shouldCarryMetasPricingSoAFreeEntryPointDeliveryOpensOneWithoutAReferral() throws Exception {
        // Given a reply delivered an hour ago that Meta priced free_entry_point (per-message pricing), the referral
        // itself never seen by Consent Gate (e.g. it came before the intake ran)
        String contact = "34698" + (100000 + new Random().nextInt(900000));
        String replyId = "wamid.fep-" + UUID.randomUUID();
        long deliveredAt = Instant.now().minusSeconds(3600).getEpochSecond();
        String delivered = freeEntryPointDelivery(replyId, deliveredAt, contact);

        // When it reaches the signed webhook
        byte[] body = delivered.getBytes(StandardCharsets.UTF_8);
        mvc.perform(MockMvcRequestBuilders.post("/webhooks/whatsapp").header(WebhookSignature.HEADER, new WebhookSignature("it-secret").headerFor(body))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(MockMvcResultMatchers.status().isOk());

        // Then contact-events carries Meta's pricing object as Meta sent it ...
        ContactEvent event;
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            event = KafkaAwait.recordWithKey(consumer, Fixtures.BUSINESS_ID + "|+" + contact).value();
        }
        assertThat(event.getPayload()).isInstanceOfSatisfying(DeliveryStatusReported.class, status -> {
            assertThat(status.getMessageId()).isEqualTo(replyId);
            assertThat(status.getPricingType()).isEqualTo("free_entry_point");
            assertThat(status.getBillable()).isFalse();
            assertThat(status.getPricingCategory()).isEqualTo("referral_conversion");
        });
        // ... and the gate's fold opens the free entry point from that delivery, for 72 h: Meta's word
        ContactFacts facts = gateFold().apply(null, event);
        assertThat(facts.sender(Fixtures.PHONE_NUMBER_ID).freeEntryPointClosesAt())
                .isEqualTo(Instant.ofEpochSecond(deliveredAt).plus(Duration.ofHours(72)));
    }

    @Test
    void shouldOpenAFreeEntryPointFromAReferralAndTheDeliveryOfTheReply() throws Exception {
        // Given a message from a click-to-WhatsApp ad, its referral object as Meta sends it, 2 h ago
        String contact = "34699" + (100000 + new Random().nextInt(900000));
        String inboundId = "wamid.ctwa-" + UUID.randomUUID();
        String replyId = "wamid.reply-" + UUID.randomUUID();
        long referredAt = Instant.now().minusSeconds(7200).getEpochSecond();
        String referral = """
                {"object": "whatsapp_business_account", "entry": [{"id": "%s", "changes": [{"field": "messages", "value": {
                  "messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "%s", "phone_number_id": "%s"},
                  "contacts": [{"profile": {"name": "Lucía"}, "wa_id": "%s"}],
                  "messages": [{"from": "%s", "id": "%s", "timestamp": "%d", "type": "text", "text": {"body": "Hola, vi el anuncio"},
                    "referral": {"source_url": "https://fb.me/3cr4Wqqkv", "source_id": "120226305854810726", "source_type": "ad",
                      "headline": "Rebajas", "body": "Escríbenos", "media_type": "image", "image_url": "https://example.invalid/ad.jpg",
                      "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-ZABCD"}}]}}]}]}
                """.formatted(Fixtures.WABA_ID, Fixtures.DISPLAY_NUMBER, Fixtures.PHONE_NUMBER_ID, contact, contact, inboundId, referredAt);
        // and the business's reply delivered 10 min after it (a status as Meta sends it, per-message pricing)
        String delivered = freeEntryPointDelivery(replyId, referredAt + 600, contact);

        // When both reach the signed webhook
        WebhookSignature meta = new WebhookSignature("it-secret");
        for (String delivery : List.of(referral, delivered)) {
            byte[] body = delivery.getBytes(StandardCharsets.UTF_8);
            mvc.perform(MockMvcRequestBuilders.post("/webhooks/whatsapp").header(WebhookSignature.HEADER, meta.headerFor(body))
                            .contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(MockMvcResultMatchers.status().isOk());
        }

        // Then contact-events has both under the contact's key, each at Meta's own timestamp ...
        List<ContactEvent> events = new ArrayList<>();
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            org.awaitility.Awaitility.await("the referral and the delivery on contact-events").atMost(KafkaAwait.DEFAULT_TIMEOUT).until(() -> {
                for (ConsumerRecord<String, ContactEvent> record : consumer.poll(Duration.ofMillis(100))) {
                    Object payload = record.value().getPayload();
                    boolean ours = payload instanceof InboundMessage in && in.getMessageId().equals(inboundId)
                            || payload instanceof DeliveryStatusReported status && status.getMessageId().equals(replyId);
                    if (ours && (Fixtures.BUSINESS_ID + "|+" + contact).equals(record.key())) {
                        events.add(record.value());
                    }
                }
                return events.size() == 2;
            });
        }
        assertThat(events).extracting(ContactEvent::getOccurredAt).containsExactly(
                Instant.ofEpochSecond(referredAt), Instant.ofEpochSecond(referredAt + 600));

        // ... and the gate's fold and policy price the next reply as free in the entry point the delivery opened
        ContactFactsFold fold = gateFold();
        ContactFacts facts = null;
        for (ContactEvent event : events) {
            facts = fold.apply(facts, event);
        }
        SendRequest reply = SendRequest.newBuilder().setRequestId("r-" + UUID.randomUUID())
                .setBusinessId(Fixtures.BUSINESS_ID).setSenderId(Fixtures.PHONE_NUMBER_ID).setContact("+" + contact)
                .setRequestedAt(Instant.now()).setKind(MessageKind.FREE_FORM).build();
        Decision decision = SendPolicy.decide(reply, facts,
                DecidedRequests.NONE, null, BusinessPolicy.DEFAULTS, null,
                Instant.now());
        assertThat(decision).isInstanceOfSatisfying(Decision.Approved.class, approved -> {
            assertThat(approved.freeBecause()).isEqualTo(FreeReason.FREE_ENTRY_POINT);
            assertThat(approved.billable()).isFalse();
        });
    }

    @Test
    void shouldLandDeliveryErrorsAsContactAndSenderEventsAndCountEachCode() throws Exception {
        // Given Meta's failed statuses, errors[] as Meta sends them: 131026 three times, 131056, 131048, 130429, 131047
        byte[] delivery = Fixtures.bytes("webhooks/delivery-errors.json");
        double undeliverableBefore = errorCount("131026");
        double windowClosedBefore = errorCount("131047");

        // When they are delivered through the signed webhook
        mvc.perform(MockMvcRequestBuilders.post("/webhooks/whatsapp").header(WebhookSignature.HEADER, new WebhookSignature("it-secret").headerFor(delivery))
                        .contentType(MediaType.APPLICATION_JSON).content(delivery))
                .andExpect(MockMvcResultMatchers.status().isOk());

        // Then contact-events has each status of the contact, its codes and request id (the contract fixture's shape, which the
        // gate's DeliveryFeedbackGateTest decides on)
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(Topics.CONTACT_EVENTS)) {
            List<ConsumerRecord<String, ContactEvent>> records = KafkaAwait.recordsWithKey(consumer, Fixtures.BUSINESS_ID + "|+34600000777", 7);
            assertThat(records).extracting(record -> record.value().getPayload()).contains(
                    ContactEvents.failedDelivery(Fixtures.PHONE_NUMBER_ID, wamid(1), "delivery-test-1", 131026),
                    ContactEvents.failedDelivery(Fixtures.PHONE_NUMBER_ID, wamid(4), "delivery-test-4", 131056),
                    ContactEvents.failedDelivery(Fixtures.PHONE_NUMBER_ID, wamid(7), "delivery-test-7", 131047));
        }
        // and business-events the sender's rate limits, for the gate's business state
        List<Object> limits = new ArrayList<>();
        try (Consumer<String, BusinessEvent> consumer = SharedKafka.consumer(Topics.BUSINESS_EVENTS)) {
            org.awaitility.Awaitility.await("the rate limits on business-events").atMost(KafkaAwait.DEFAULT_TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(record -> {
                    if (Fixtures.BUSINESS_ID.equals(record.key()) && record.value().getPayload() instanceof SenderRateLimited) {
                        limits.add(record.value().getPayload());
                    }
                });
                return limits.size() >= 2;
            });
        }
        assertThat(limits).contains(BusinessEvents.senderRateLimited(Fixtures.PHONE_NUMBER_ID, 131048, wamid(5)),
                BusinessEvents.senderRateLimited(Fixtures.PHONE_NUMBER_ID, 130429, wamid(6)));
        // and every code is counted
        assertThat(errorCount("131026") - undeliverableBefore).isEqualTo(3.0);
        assertThat(errorCount("131047") - windowClosedBefore).isEqualTo(1.0);
    }

    /** The wamid of the fixture's status number {@code index} (1 to 7). */
    private static String wamid(int index) {
        return "wamid.HBgLMzQ2MDAwMDA3NzcVAgARGBI0RkVEQk0" + index + "AA==";
    }

    private double errorCount(String code) {
        io.micrometer.core.instrument.Counter counter = meters.find("consentgate.webhook.delivery.errors").tag("code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A DELIVERED status of {@code messageId} to {@code contact}, as Meta sends it under per-message pricing for a free entry point. */
    private static String freeEntryPointDelivery(String messageId, long epochSecond, String contact) {
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "%s", "changes": [{"field": "messages", "value": {
                  "messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "%s", "phone_number_id": "%s"},
                  "statuses": [{"id": "%s", "status": "delivered", "timestamp": "%d", "recipient_id": "%s",
                    "pricing": {"billable": false, "pricing_model": "PMP", "category": "referral_conversion", "type": "free_entry_point"}}]}}]}]}
                """.formatted(Fixtures.WABA_ID, Fixtures.DISPLAY_NUMBER, Fixtures.PHONE_NUMBER_ID, messageId, epochSecond, contact);
    }

    /** The fold the gate runs on contact events, with the default business policy. */
    private static ContactFactsFold gateFold() {
        return new ContactFactsFold(businessId -> BusinessPolicy.DEFAULTS,
                new ErasureHasher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    }
}
