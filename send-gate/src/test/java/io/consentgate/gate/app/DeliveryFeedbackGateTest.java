package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.contract.BusinessEvents;
import io.consentgate.testing.contract.ContactEvents;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Meta's delivery errors, in the shapes consent-events' RealKafkaIntegrationTest lands from a webhook's {@code statuses[].errors[]}
 * (the contract fixtures {@code ContactEvents.failedDelivery} and {@code BusinessEvents.senderRateLimited}), reach the running
 * gate on the real broker: three 131026 in a row hold a contact back until it writes, 131056 backs the pair off, 131048 the
 * number, each with its reason and retry-after.
 */
class DeliveryFeedbackGateTest extends RunningGateTest {

    private static final String SENDER = "106540352242922";
    private static final String OTHER_SENDER = "106540352242923";
    private static final String TEMPLATE = "order_update";

    @Test
    void shouldHoldBackAContactMetaCouldNotDeliverToThreeTimesInARowUntilItWrites() throws Exception {
        // Given a contact opted in to everything, an approved UTILITY template, and three 131026 a day and more ago
        String business = RunningGate.business();
        ContactKey contact = new ContactKey(business, "+34600000777");
        Instant now = Instant.now();
        optedIn(contact, now.minus(Duration.ofDays(3)));
        approvedTemplate(business, now.minus(Duration.ofDays(3)));
        for (int hoursAgo = 30; hoursAgo >= 28; hoursAgo--) {
            contact(contact, now.minus(Duration.ofHours(hoursAgo)),
                    ContactEvents.failedDelivery(SENDER, "wamid.undeliverable-" + hoursAgo, "campaign-" + hoursAgo, 131026));
        }
        await("the suppression in the gate's state").atMost(RunningGate.DECISIONS_ARRIVE).untilAsserted(() ->
                assertThat(explain(contact, SENDER).path("rule").asString()).isEqualTo("CONTACT_UNDELIVERABLE"));

        // When a template is requested, then the contact writes (25 h ago: its window closed), then another is requested
        request(contact, SENDER, "held");
        Decisions held = Decisions.of(business, 1);
        contact(contact, now.minus(Duration.ofHours(25)), ContactEvents.inboundText("wamid.in-" + UUID.randomUUID(), SENDER).build());
        request(contact, SENDER, "after-writing");
        Decisions all = Decisions.of(business, 2);

        // Then the first waits for the contact, with what to do; the second goes on consent
        assertThat(held.rejections()).singleElement().satisfies(rejection -> {
            assertThat(rejection.getReason()).isEqualTo(RejectionReason.CONTACT_UNDELIVERABLE);
            assertThat(rejection.getRetryAfter()).isNull();
            assertThat(rejection.getDetail()).contains("131026", "until the contact writes or opts in again");
        });
        assertThat(all.approvals()).singleElement().satisfies(approved -> {
            assertThat(approved.getRequest().getRequestId()).isEqualTo("after-writing");
            assertThat(approved.getBasis()).isEqualTo(ApprovalBasis.CONSENT);
        });
    }

    @Test
    void shouldBackOffThePairAndTheNumberForThePolicysTime() throws Exception {
        // Given two contacts opted in to everything and an approved template
        String business = RunningGate.business();
        ContactKey limitedPair = new ContactKey(business, "+34600000778");
        ContactKey other = new ContactKey(business, "+34600000779");
        Instant now = Instant.now();
        optedIn(limitedPair, now.minus(Duration.ofDays(3)));
        optedIn(other, now.minus(Duration.ofDays(3)));
        approvedTemplate(business, now.minus(Duration.ofDays(3)));

        // When Meta refused SENDER to the first for the pair rate limit, and OTHER_SENDER for its spam rate limit
        Instant pairLimitedAt = now.minusSeconds(10);
        contact(limitedPair, pairLimitedAt, ContactEvents.failedDelivery(SENDER, "wamid.pair", "campaign-pair", 131056));
        Instant senderLimitedAt = now.minusSeconds(10);
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business, BusinessEvents.event(business, "bev-" + UUID.randomUUID(),
                senderLimitedAt, "whatsapp-webhook", BusinessEvents.senderRateLimited(OTHER_SENDER, 131048, "wamid.spam")))).get();
        await("the rate limits in the gate's state").atMost(RunningGate.DECISIONS_ARRIVE).untilAsserted(() -> {
            assertThat(explain(limitedPair, SENDER).path("rule").asString()).isEqualTo("PAIR_RATE_LIMITED");
            JsonNode number = explain(other, OTHER_SENDER);
            assertThat(number.path("rule").asString()).isEqualTo("SENDER_RATE_LIMITED");
            assertThat(number.path("sender").path("rateLimitCode").asInt()).isEqualTo(131048);
        });
        request(limitedPair, SENDER, "to-limited-pair");
        request(other, SENDER, "to-other-contact");
        request(other, OTHER_SENDER, "from-limited-number");

        // Then the pair and the number wait for their back-off (default 1 min and 5 min); the same number to another contact goes
        Decisions decisions = Decisions.of(business, 3);
        assertThat(decisions.approvals()).singleElement()
                .satisfies(approved -> assertThat(approved.getRequest().getRequestId()).isEqualTo("to-other-contact"));
        assertThat(decisions.rejections()).extracting(SendRejection::getReason)
                .containsExactlyInAnyOrder(RejectionReason.PAIR_RATE_LIMITED, RejectionReason.SENDER_RATE_LIMITED);
        assertThat(decisions.rejections()).allSatisfy(rejection -> assertThat(rejection.getRetryAfter()).isEqualTo(
                (rejection.getReason() == RejectionReason.PAIR_RATE_LIMITED ? pairLimitedAt.plus(Duration.ofMinutes(1))
                        : senderLimitedAt.plus(Duration.ofMinutes(5))).truncatedTo(ChronoUnit.MILLIS)));
    }

    private static void optedIn(ContactKey key, Instant at) throws Exception {
        contact(key, at, ContactEvents.webFormOptIn("cns-" + UUID.randomUUID(), ContactEvents.BUSINESS_NAME,
                ContactEvents.scopes(io.consentgate.avro.ConsentCategory.ALL), "form-" + UUID.randomUUID()).build());
    }

    private static void approvedTemplate(String business, Instant at) throws Exception {
        kafka.businessEvents().send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business, BusinessEvents.event(business, "bev-" + UUID.randomUUID(),
                at, "whatsapp-webhook", BusinessEvents.templateStatus(TEMPLATE, "es", MessageCategory.UTILITY, TemplateStatus.APPROVED)))).get();
    }

    private static void contact(ContactKey key, Instant at, Object payload) throws Exception {
        kafka.contactEvents().send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), key.toString(),
                ContactEvents.event(key, "evt-" + UUID.randomUUID(), at, "whatsapp-webhook", payload))).get();
    }

    private static void request(ContactKey key, String senderId, String requestId) throws Exception {
        kafka.requests().send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), key.toString(), SendRequest.newBuilder().setRequestId(requestId)
                .setBusinessId(key.businessId()).setSenderId(senderId).setContact(key.contact()).setRequestedAt(Instant.now())
                .setKind(MessageKind.TEMPLATE).setTemplate(new TemplateRef(TEMPLATE, "es", MessageCategory.UTILITY)).build())).get();
    }

    private JsonNode explain(ContactKey key, String senderId) throws Exception {
        String body = """
                {"requestId": "explain-%s", "businessId": "%s", "senderId": "%s", "contact": "%s", "kind": "TEMPLATE",
                 "template": {"name": "%s", "language": "es", "category": "UTILITY"}}"""
                .formatted(UUID.randomUUID(), key.businessId(), senderId, key.contact(), TEMPLATE);
        return RunningGate.explain(port, body);
    }
}
