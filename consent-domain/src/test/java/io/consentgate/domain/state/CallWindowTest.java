package io.consentgate.domain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A call opens the window: a user-initiated call (webhook calls) opens or restarts it like an inbound message. */
class CallWindowTest {

    private static final String BUSINESS = "acme";
    private static final String SENDER = "sender-1";
    private static final String PHONE = "+34612345678";
    private static final Instant CALLED = Instant.parse("2026-06-01T10:00:00Z");
    private static final ContactFactsFold FOLD = new ContactFactsFold(businessId -> BusinessPolicy.DEFAULTS,
            new ErasureHasher("0123456789abcdef0123456789abcdef".getBytes()));

    @Test
    void shouldOpenTheWindowForTwentyFourHoursFromTheCall() {
        ContactFacts called = FOLD.apply(null, new ContactEvent("call", BUSINESS, PHONE, CALLED, CALLED, "whatsapp-webhook",
                InboundMessage.newBuilder().setMessageId("wacid.1").setSenderId(SENDER).setType(InboundMessageType.CALL).setPhone(PHONE).build()));

        Decision during = reply(called, CALLED.plus(Duration.ofHours(23)));
        Decision after = reply(called, CALLED.plus(Duration.ofHours(24)));

        assertThat(during).isInstanceOfSatisfying(Decision.Approved.class,
                approved -> assertThat(approved.windowClosesAt()).isEqualTo(CALLED.plus(Duration.ofHours(24))));
        assertThat(after).isInstanceOfSatisfying(Decision.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.WINDOW_CLOSED));
        assertThat(called.scopes()).as("a call is no consent").isEmpty();
    }

    private static Decision reply(ContactFacts facts, Instant now) {
        return SendPolicy.decide(new SendRequest("r1", BUSINESS, SENDER, PHONE, now, MessageKind.FREE_FORM, null, null, null, null), facts,
                DecidedRequests.NONE, null, BusinessPolicy.DEFAULTS, null, now);
    }
}
