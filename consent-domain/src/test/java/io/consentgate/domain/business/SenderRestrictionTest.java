package io.consentgate.domain.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** account_update restrictions and a sender's quality reach the rules (Meta's account and number state). */
class SenderRestrictionTest {

    private static final String BUSINESS = "acme";
    private static final String SENDER = "sender-1";
    private static final String PHONE = "+34612345678";
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final ContactFactsFold FOLD = new ContactFactsFold(businessId -> BusinessPolicy.DEFAULTS,
            new ErasureHasher("0123456789abcdef0123456789abcdef".getBytes()));

    @Test
    void shouldRefuseBusinessInitiatedSendsUntilMetasExpirationAndNotAfter() {
        Instant expiration = T0.plus(Duration.ofDays(3));
        SenderState restricted = SenderState.unknown(BUSINESS, SENDER).apply(restriction(expiration), T0);

        Decision during = decide(restricted, T0.plus(Duration.ofDays(2)), false);
        Decision after = decide(restricted, expiration.plusSeconds(1), false);
        Decision reply = decide(restricted, T0.plusSeconds(60), true);

        assertThat(during).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.SENDER_RESTRICTED);
            assertThat(rejected.retryAfter()).isEqualTo(expiration);
        });
        assertThat(after).isInstanceOf(Decision.Approved.class);
        assertThat(reply).as("a reply inside a window still goes").isInstanceOf(Decision.Approved.class);
    }

    @Test
    void shouldKeepARestrictionWithoutExpirationUntilMetaReportsAnotherStatus() {
        SenderState restricted = SenderState.unknown(BUSINESS, SENDER).apply(restriction(null), T0);

        assertThat(restricted.restrictionEnds()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(decide(restricted, T0.plus(Duration.ofDays(2)), false)).isInstanceOf(Decision.Rejected.class);
        SenderState connected = restricted.apply(SenderQualityChanged.newBuilder().setSenderId(SENDER).setStatus(SenderStatus.CONNECTED).build(),
                T0.plus(Duration.ofDays(1)));
        assertThat(connected.restrictedUntil()).isNull();
        assertThat(decide(connected, T0.plus(Duration.ofDays(2)), false)).isInstanceOf(Decision.Approved.class);
    }

    @Test
    void shouldPauseMarketingOnARedSenderInsideTheWindowToo() {
        SenderState red = SenderState.unknown(BUSINESS, SENDER)
                .apply(SenderQualityChanged.newBuilder().setSenderId(SENDER).setQualityRating(QualityRating.RED).build(), T0);

        // a contact opted in to everything, writing: only the sender's quality can refuse
        ContactFacts optedIn = FOLD.apply(wrote(T0), new ContactEvent("oi-all", BUSINESS, PHONE, T0.minusSeconds(120), T0.minusSeconds(120), "test",
                io.consentgate.avro.OptIn.newBuilder().setConsentId("c2").setBusinessName("ACME")
                        .setScopes(java.util.List.of(new io.consentgate.avro.ConsentScope(io.consentgate.avro.ConsentCategory.ALL, null)))
                        .setChannel(io.consentgate.avro.Channel.WEB_FORM).setNoticeVersion("v1").setNoticeHash("ab".repeat(32))
                        .setLanguage("es-ES").setEvidenceRef("form-2").build()));
        Decision marketing = SendPolicy.decide(request(MessageCategory.MARKETING), optedIn, DecidedRequests.NONE, red, BusinessPolicy.DEFAULTS,
                approved(MessageCategory.MARKETING), T0.plusSeconds(60));

        assertThat(marketing).isInstanceOfSatisfying(Decision.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.SENDER_QUALITY_LOW));
        assertThat(decide(red, T0.plusSeconds(60), true)).as("utility still goes").isInstanceOf(Decision.Approved.class);
    }

    private static SenderQualityChanged restriction(Instant until) {
        return SenderQualityChanged.newBuilder().setSenderId(SENDER).setStatus(SenderStatus.RESTRICTED).setWebhookEvent("ACCOUNT_RESTRICTION")
                .setRestrictedUntil(until).build();
    }

    /** A UTILITY template to a contact opted in to it, inside a window or outside one. */
    private static Decision decide(SenderState sender, Instant now, boolean insideWindow) {
        ContactFacts facts = insideWindow ? wrote(now) : FOLD.apply(null, new ContactEvent("oi", BUSINESS, PHONE, T0.minusSeconds(60),
                T0.minusSeconds(60), "test", io.consentgate.avro.OptIn.newBuilder().setConsentId("c1").setBusinessName("ACME")
                .setScopes(java.util.List.of(new io.consentgate.avro.ConsentScope(io.consentgate.avro.ConsentCategory.UTILITY, null)))
                .setChannel(io.consentgate.avro.Channel.WEB_FORM).setNoticeVersion("v1").setNoticeHash("ab".repeat(32))
                .setLanguage("es-ES").setEvidenceRef("form-1").build()));
        return SendPolicy.decide(request(MessageCategory.UTILITY), facts, DecidedRequests.NONE, sender, BusinessPolicy.DEFAULTS,
                approved(MessageCategory.UTILITY), now);
    }

    private static ContactFacts wrote(Instant now) {
        return FOLD.apply(null, new ContactEvent("in", BUSINESS, PHONE, now.minusSeconds(60), now.minusSeconds(60), "test",
                InboundMessage.newBuilder().setMessageId("wamid.in").setSenderId(SENDER).setType(InboundMessageType.TEXT).setPhone(PHONE).build()));
    }

    private static TemplateState approved(MessageCategory category) {
        return new TemplateState(BUSINESS, "t", "es", io.consentgate.avro.TemplateStatus.APPROVED, category, T0.minus(Duration.ofDays(30)));
    }

    private static SendRequest request(MessageCategory category) {
        return new SendRequest("r1", BUSINESS, SENDER, PHONE, T0, MessageKind.TEMPLATE, new TemplateRef("t", "es", category), null, null, null);
    }
}
