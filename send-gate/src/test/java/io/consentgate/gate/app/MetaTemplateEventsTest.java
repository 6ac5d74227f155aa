package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.SharedKafka;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Meta's template events and category changes, as the webhook intake publishes them to {@code business-events} (the
 * shapes consent-events' RealKafkaIntegrationTest lands from Meta's examples), reach the running gate on the real
 * broker: a FLAGGED template is still sent, a PAUSED one waits as long as Meta says, and a template Meta moved to
 * MARKETING is decided as MARKETING whatever the request claims, in the stream and in the explain endpoint alike.
 */
class MetaTemplateEventsTest extends RunningGateTest {

    private static final Duration DECISIONS_ARRIVE = RunningGate.DECISIONS_ARRIVE;
    private static final String SENDER = "106540352242922";
    private static final String CONTACT = "+34600000123";

    @Test
    void shouldSendAFlaggedTemplateWaitOutASecondPauseAndDecideByMetasCurrentCategory() throws Exception {
        // Given a contact opted in to UTILITY only, and three UTILITY templates approved a day ago
        String business = "biz-" + UUID.randomUUID();
        ContactKey contact = optedInToUtilityWithApproved(business, List.of("order_update", "delivery_slot", "account_news"));

        // When Meta flags order_update, pauses delivery_slot a second time and moves account_news to MARKETING
        Instant now = Instant.now();
        Instant disableDate = now.plus(Duration.ofDays(7));
        publish(business, now.minusSeconds(60), status("order_update", TemplateStatus.FLAGGED).setDisableDate(disableDate).build());
        Instant pausedAt = now.minusSeconds(60);
        publish(business, pausedAt, status("delivery_slot", TemplateStatus.PAUSED).setOtherInfoTitle("SECOND_PAUSE").build());
        publish(business, now.minusSeconds(60), TemplateCategoryChanged.newBuilder().setTemplateName("account_news").setLanguage("es")
                .setPreviousCategory(MessageCategory.UTILITY).setNewCategory(MessageCategory.MARKETING).build());

        // Then the explain endpoint shows what the gate now knows (and waits until it does) ...
        await("the category change in the gate's business state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode moved = explain(business, "account_news");
            assertThat(moved.path("outcome").asString()).isEqualTo("REJECTED");
            assertThat(moved.path("decidedCategory").asString()).isEqualTo("MARKETING");
            assertThat(moved.path("template").path("category").asString()).isEqualTo("MARKETING");
            assertThat(explain(business, "delivery_slot").path("rule").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
            JsonNode flagged = explain(business, "order_update");
            assertThat(flagged.path("outcome").asString()).isEqualTo("APPROVED");
            assertThat(Instant.parse(flagged.path("template").path("disableDate").asString())).isEqualTo(disableDate.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        });

        // ... and the stream decides the same
        for (String template : List.of("order_update", "delivery_slot", "account_news")) {
            kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), utilityRequest(contact, template))).get();
        }
        List<Object> decisions = decisions(business, 3);
        assertThat(decisions).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(ApprovedSend.class, approved -> {
            assertThat(approved.getRequest().getTemplate().getName()).isEqualTo("order_update");
            assertThat(approved.getPricingCategory()).isEqualTo(MessageCategory.UTILITY);
        }));
        assertThat(decisions).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(SendRejection.class, paused -> {
            assertThat(paused.getRequest().getTemplate().getName()).isEqualTo("delivery_slot");
            assertThat(paused.getReason()).isEqualTo(RejectionReason.TEMPLATE_NOT_APPROVED);
            assertThat(paused.getRetryAfter()).isEqualTo(pausedAt.plus(Duration.ofHours(6)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        }));
        assertThat(decisions).anySatisfy(d -> assertThat(d).isInstanceOfSatisfying(SendRejection.class, moved -> {
            assertThat(moved.getRequest().getTemplate().getName()).isEqualTo("account_news");
            assertThat(moved.getReason()).isEqualTo(RejectionReason.NO_CONSENT);
            assertThat(moved.getDecidedCategory()).isEqualTo(MessageCategory.MARKETING);
            assertThat(moved.getDetail()).contains("decided as MARKETING");
        }));
    }

    @Test
    void shouldRefuseATemplateACompleteSnapshotLacksButNotOneCreatedAfterIt() throws Exception {
        // Given a contact opted in to UTILITY, and two UTILITY templates approved a day ago
        String business = "biz-" + UUID.randomUUID();
        ContactKey contact = optedInToUtilityWithApproved(business, List.of("order_update", "old_promo"));
        // and one Meta approved after the snapshot was taken, whose webhook happens to arrive first
        Instant listedAt = Instant.now().minusSeconds(120);
        publish(business, listedAt.plusSeconds(60), status("created_meanwhile", TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build());

        // When a complete message_templates snapshot taken at listedAt lists only order_update (the shape the intake publishes)
        publish(business, listedAt, io.consentgate.testing.contract.BusinessEvents.templatesListed(2, "order_update", "es"));

        // Then the gate reads old_promo as gone and keeps the other two
        await("the snapshot in the gate's business state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode gone = explain(business, "old_promo");
            assertThat(gone.path("rule").asString()).isEqualTo("TEMPLATE_NOT_APPROVED");
            assertThat(gone.path("template").path("status").asString()).isEqualTo("DELETED");
        });
        assertThat(explain(business, "order_update").path("outcome").asString()).isEqualTo("APPROVED");
        assertThat(explain(business, "created_meanwhile").path("outcome").asString()).isEqualTo("APPROVED");
        // and the stream refuses it with the reason of a deleted template
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), utilityRequest(contact, "old_promo"))).get();
        assertThat(decisions(business, 1)).singleElement().isInstanceOfSatisfying(SendRejection.class, rejected -> {
            assertThat(rejected.getReason()).isEqualTo(RejectionReason.TEMPLATE_NOT_APPROVED);
            assertThat(rejected.getDetail()).contains("old_promo").contains("DELETED");
        });
    }

    @Test
    void shouldShowARestrictedAndARedSenderInTheExplanationAndDecideByThem() throws Exception {
        // Given a contact opted in to everything, and a UTILITY template approved
        String business = "biz-" + UUID.randomUUID();
        ContactKey contact = new ContactKey(business, CONTACT);
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), optIn(contact, dayAgo, ConsentCategory.ALL))).get();
        publish(business, dayAgo, status("order_update", TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build());

        // When Meta restricts the number's business-initiated messaging for three days (account_update, as the intake maps it)
        Instant until = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        publish(business, Instant.now().minusSeconds(60), io.consentgate.avro.SenderQualityChanged.newBuilder().setSenderId(SENDER)
                .setStatus(io.consentgate.avro.SenderStatus.RESTRICTED).setWebhookEvent("ACCOUNT_RESTRICTION").setRestrictedUntil(until).build());

        // Then the explanation shows the sender's state and the rule it broke, with Meta's expiration as the retry-after
        await("the restriction in the gate's business state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode explained = explain(business, "order_update");
            assertThat(explained.path("rule").asString()).isEqualTo("SENDER_RESTRICTED");
            assertThat(explained.path("sender").path("status").asString()).isEqualTo("RESTRICTED");
            assertThat(Instant.parse(explained.path("retryAfter").asString())).isEqualTo(until);
        });

        // and when its quality turns RED (and the restriction is lifted), the quality policy's effect shows for MARKETING only
        publish(business, Instant.now(), io.consentgate.avro.SenderQualityChanged.newBuilder().setSenderId(SENDER)
                .setQualityRating(io.consentgate.avro.QualityRating.RED).setStatus(io.consentgate.avro.SenderStatus.CONNECTED).build());
        publish(business, Instant.now(), status("spring_sale", TemplateStatus.APPROVED).setCategory(MessageCategory.MARKETING).build());
        await("the RED quality in the gate's business state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode utility = explain(business, "order_update");
            assertThat(utility.path("outcome").asString()).isEqualTo("APPROVED");
            assertThat(utility.path("sender").path("quality").asString()).isEqualTo("RED");
            JsonNode marketing = explain(business, "spring_sale");
            assertThat(marketing.path("decidedCategory").asString()).isEqualTo("MARKETING");
            assertThat(marketing.path("rule").asString()).isEqualTo("SENDER_QUALITY_LOW");
        });
    }

    @Test
    void shouldApproveAReplyAfterTheContactCalled() throws Exception {
        // Given a contact who called the business number (the calls webhook, as the intake maps it) and never wrote
        String business = "biz-" + UUID.randomUUID();
        ContactKey contact = new ContactKey(business, CONTACT);
        Instant called = Instant.now().minusSeconds(30);
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), ContactEvent.newBuilder()
                .setEventId("evt-" + UUID.randomUUID()).setBusinessId(business).setContact(CONTACT).setOccurredAt(called).setRecordedAt(called)
                .setSource("whatsapp-webhook").setPayload(io.consentgate.avro.InboundMessage.newBuilder().setMessageId("wacid." + UUID.randomUUID())
                        .setSenderId(SENDER).setType(io.consentgate.avro.InboundMessageType.CALL).setPhone(CONTACT).build())
                .build())).get();

        // When a free-form reply is requested right after it was acknowledged
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), SendRequest.newBuilder().setRequestId("reply-1")
                .setBusinessId(business).setSenderId(SENDER).setContact(CONTACT).setRequestedAt(Instant.now()).setKind(MessageKind.FREE_FORM)
                .build())).get();

        // Then it is approved inside the window the call opened
        assertThat(decisions(business, 1)).singleElement().isInstanceOfSatisfying(ApprovedSend.class, approved -> {
            assertThat(approved.getBasis()).isEqualTo(io.consentgate.avro.ApprovalBasis.CUSTOMER_SERVICE_WINDOW);
            assertThat(approved.getWindowClosesAt()).isEqualTo(called.plus(Duration.ofHours(24)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        });
    }

    @Test
    void shouldPriceAReplyFreeInTheEntryPointTheDeliveryOfTheFirstReplyOpened() throws Exception {
        // Given a contact who came from a click-to-WhatsApp ad 2 h ago and an approved UTILITY template
        // (the shapes the webhook intake publishes for Meta's referral message and its DELIVERED status)
        String business = "biz-" + UUID.randomUUID();
        ContactKey contact = new ContactKey(business, CONTACT);
        Instant referredAt = Instant.now().minus(Duration.ofHours(2));
        publish(business, referredAt.minus(Duration.ofDays(1)), status("order_update", TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build());
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), webhookEvent(contact, referredAt,
                io.consentgate.avro.InboundMessage.newBuilder().setMessageId("wamid.ctwa-" + UUID.randomUUID()).setSenderId(SENDER)
                        .setType(io.consentgate.avro.InboundMessageType.TEXT).setPhone(CONTACT)
                        .setReferral(new io.consentgate.avro.Referral("ad", "120226305854810726", "ARAkLkA8rmlFeiCkt")).build()))).get();
        await("the referral in the gate's contact state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode explained = explain(business, "order_update");
            assertThat(explained.path("rule").asString()).isEqualTo("CUSTOMER_SERVICE_WINDOW");
            assertThat(explained.path("billable").asBoolean()).as("the referral alone opens no entry point").isTrue();
        });

        // When the business's reply is delivered 10 min after the referral
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), webhookEvent(contact, referredAt.plusSeconds(600),
                io.consentgate.avro.DeliveryStatusReported.newBuilder().setSenderId(SENDER).setMessageId("wamid.reply-" + UUID.randomUUID())
                        .setStatus(io.consentgate.avro.DeliveryStatus.DELIVERED).setPricingCategory("referral_conversion").build()))).get();

        // Then the explanation and the next approval say FREE_ENTRY_POINT, not billable
        await("the delivery in the gate's contact state").atMost(DECISIONS_ARRIVE).untilAsserted(() -> {
            JsonNode explained = explain(business, "order_update");
            assertThat(explained.path("freeBecause").asString()).isEqualTo("FREE_ENTRY_POINT");
            assertThat(explained.path("billable").asBoolean()).isFalse();
        });
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), utilityRequest(contact, "order_update"))).get();
        assertThat(decisions(business, 1)).singleElement().isInstanceOfSatisfying(ApprovedSend.class, approved -> {
            assertThat(approved.getFreeBecause()).isEqualTo(io.consentgate.avro.FreeReason.FREE_ENTRY_POINT);
            assertThat(approved.getBillable()).isFalse();
            assertThat(approved.getPricingCategory()).isEqualTo(MessageCategory.UTILITY);
        });
    }

    private static ContactEvent webhookEvent(ContactKey key, Instant at, Object payload) {
        return ContactEvent.newBuilder().setEventId("evt-" + UUID.randomUUID()).setBusinessId(key.businessId()).setContact(key.contact())
                .setOccurredAt(at).setRecordedAt(Instant.now()).setSource("whatsapp-webhook").setPayload(payload).build();
    }

    private JsonNode explain(String business, String template) throws Exception {
        return RunningGate.explain(port, """
                {"requestId": "explain-%s", "businessId": "%s", "senderId": "%s", "contact": "%s", "kind": "TEMPLATE",
                 "template": {"name": "%s", "language": "es", "category": "UTILITY"}}""".formatted(template, business, SENDER, CONTACT, template));
    }

    /** The business's contact, opted in to UTILITY a day ago, when {@code templates} were approved as UTILITY. */
    private static ContactKey optedInToUtilityWithApproved(String business, List<String> templates) throws Exception {
        ContactKey contact = new ContactKey(business, CONTACT);
        Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), utilityOptIn(contact, dayAgo))).get();
        for (String template : templates) {
            publish(business, dayAgo, status(template, TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build());
        }
        return contact;
    }

    private static void publish(String business, Instant at, Object payload) throws Exception {
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business, BusinessEvent.newBuilder()
                .setEventId("bev-" + UUID.randomUUID()).setBusinessId(business).setOccurredAt(at).setRecordedAt(Instant.now())
                .setSource("whatsapp-webhook").setPayload(payload).build())).get();
    }

    private static TemplateStatusChanged.Builder status(String template, TemplateStatus status) {
        return TemplateStatusChanged.newBuilder().setTemplateName(template).setLanguage("es").setStatus(status);
    }

    private static ContactEvent utilityOptIn(ContactKey key, Instant at) {
        return optIn(key, at, ConsentCategory.UTILITY);
    }

    private static ContactEvent optIn(ContactKey key, Instant at, ConsentCategory category) {
        return ContactEvent.newBuilder().setEventId("evt-" + UUID.randomUUID()).setBusinessId(key.businessId()).setContact(key.contact())
                .setOccurredAt(at).setRecordedAt(at).setSource("test")
                .setPayload(OptIn.newBuilder().setConsentId("cns-" + UUID.randomUUID()).setBusinessName("Zapatería Lucía")
                        .setScopes(List.of(new ConsentScope(category, null))).setChannel(Channel.WEB_FORM)
                        .setNoticeVersion("2026-03").setNoticeHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                        .setLanguage("es-ES").setEvidenceRef("form-submission-48213").build())
                .build();
    }

    private static SendRequest utilityRequest(ContactKey key, String template) {
        return SendRequest.newBuilder().setRequestId("r-" + template).setBusinessId(key.businessId()).setSenderId(SENDER)
                .setContact(key.contact()).setRequestedAt(Instant.now()).setKind(MessageKind.TEMPLATE)
                .setTemplate(new TemplateRef(template, "es", MessageCategory.UTILITY)).build();
    }

    /** The decisions of one business, approvals and rejections, read until {@code expected} arrived. */
    private static List<Object> decisions(String business, int expected) {
        List<Object> found = new ArrayList<>();
        try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
             Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS)) {
            await("%d decisions for %s".formatted(expected, business)).atMost(DECISIONS_ARRIVE).until(() -> {
                approved.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        found.add(r.value());
                    }
                });
                rejected.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        found.add(r.value());
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
