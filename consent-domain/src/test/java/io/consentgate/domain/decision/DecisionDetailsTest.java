package io.consentgate.domain.decision;

import io.consentgate.domain.Fixtures;

import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.failed;
import static io.consentgate.domain.Fixtures.freeForm;
import static io.consentgate.domain.Fixtures.hoursAfterT0;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.inboundFromAd;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.sender;
import static io.consentgate.domain.Fixtures.template;
import static io.consentgate.domain.Fixtures.templateIn;
import static io.consentgate.domain.Fixtures.templateRef;
import static io.consentgate.domain.decision.Scenario.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.FreeReason;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.quota.QuotaOutcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a decision carries beyond its outcome: retry-after, basis, consent id, pricing, and the records the gate writes. */
class DecisionDetailsTest {

    private static final Instant BEFORE = T0.minus(Duration.ofDays(10));
    private static final Instant AFTER_PRICING_CHANGE = Instant.parse("2026-10-05T10:00:00Z");

    @Test
    void shouldSayWhenQuietHoursEndInTheContactsLastZoneToWake() {
        // Given a Spanish mobile (Madrid or the Canaries) at 23:00 in Madrid
        Decision decision = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)))
                .when(template("r", MessageCategory.MARKETING)).at(Instant.parse("2026-06-01T21:00:00Z")).decide();

        // Then retry when it is 08:00 in the Canaries (09:00 in Madrid)
        assertThat(rejected(decision).retryAfter()).isEqualTo(Instant.parse("2026-06-02T07:00:00Z"));
    }

    @Test
    void shouldSayWhenTheFrequencyCapFrees() {
        Decision decision = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)))
                .marketingSentAt(T0.minus(Duration.ofHours(20)), T0.minus(Duration.ofHours(1)))
                .when(template("r", MessageCategory.MARKETING)).decide();

        assertThat(rejected(decision).retryAfter()).isEqualTo(hoursAfterT0(4));
        assertThat(rejected(decision).detail()).contains("2 MARKETING", "PT24H");
    }

    @Test
    void shouldSayWhenTheMarketingBackOffEnds() {
        Decision decision = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)), event("ds", hoursAfterT0(-2), failed(131049)))
                .when(template("r", MessageCategory.MARKETING)).decide();

        assertThat(rejected(decision).retryAfter()).isEqualTo(hoursAfterT0(22));
    }

    @Test
    void shouldEstimateWhenAPausedTemplateAndARestrictedSenderCanGoAgain() {
        TemplateState approved = templateIn(templateRef(MessageCategory.UTILITY), TemplateStatus.APPROVED);
        TemplateState pausedAnHourAgo = approved.apply(
                TemplateStatusChanged.newBuilder().setTemplateName(approved.name()).setLanguage(approved.language()).setStatus(TemplateStatus.PAUSED).build(),
                hoursAfterT0(-1));
        Decision pausedDecision = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL))).template(pausedAnHourAgo)
                .when(template("r", MessageCategory.UTILITY)).decide();
        Decision restrictedDecision = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)))
                .sender(sender(QualityRating.GREEN, SenderStatus.RESTRICTED)).when(template("r", MessageCategory.UTILITY)).decide();

        assertThat(rejected(pausedDecision).retryAfter()).isEqualTo(hoursAfterT0(2));
        assertThat(rejected(restrictedDecision).retryAfter()).isEqualTo(hoursAfterT0(22));
    }

    @Test
    void shouldGiveNoRetryAfterWhenWaitingCannotHelp() {
        Decision noConsent = spec("").when(template("r", MessageCategory.UTILITY)).decide();
        Decision windowClosed = spec("").when(freeForm("r")).decide();

        assertThat(rejected(noConsent).retryAfter()).isNull();
        assertThat(rejected(windowClosed).retryAfter()).isNull();
        assertThat(rejected(windowClosed).detail()).contains("send an approved template instead");
    }

    @Test
    void shouldNameTheConsentRecordThatAllowedATemplateOutsideTheWindow() {
        Decision decision = spec("").given(event("oi", BEFORE, optIn("consent-7", ConsentCategory.UTILITY)))
                .when(template("r", MessageCategory.UTILITY)).decide();

        assertThat(approved(decision)).satisfies(approved -> {
            assertThat(approved.basis()).isEqualTo(ApprovalBasis.CONSENT);
            assertThat(approved.consentId()).isEqualTo("consent-7");
            assertThat(approved.limitUse()).isEqualTo(MessagingLimitUse.PENDING_QUOTA);
            assertThat(approved.billable()).isTrue();
            assertThat(approved.contact()).isEqualTo("+34612345678");
        });
    }

    @Test
    void shouldPriceServiceMessagesInsideTheWindowFreeUntilOctober2026AndBilledFromThen() {
        Scenario reply = spec("").when(freeForm("r"));

        Decision before = reply.given(event("in", T0.minusSeconds(60), inbound("m1", "hola"))).decide();
        Decision after = reply.given(event("in", AFTER_PRICING_CHANGE.minusSeconds(60), inbound("m1", "hola"))).at(AFTER_PRICING_CHANGE).decide();

        assertThat(approved(before).freeBecause()).isEqualTo(FreeReason.CUSTOMER_SERVICE_WINDOW);
        assertThat(approved(before).limitUse()).isEqualTo(MessagingLimitUse.INSIDE_WINDOW);
        assertThat(approved(before).windowClosesAt()).isEqualTo(hoursAfterT0(24).minusSeconds(60));
        assertThat(approved(after).billable()).isTrue();
        assertThat(approved(after).pricingCategory()).isEqualTo(MessageCategory.SERVICE);
    }

    @Test
    void shouldBillMarketingInsideTheWindowButNotInsideAFreeEntryPoint() {
        Decision inWindow = spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                event("in", T0.minusSeconds(60), inbound("m1", "hola"))).when(template("r", MessageCategory.MARKETING)).decide();
        Decision inFreeEntryPoint = spec("").given(event("in", hoursAfterT0(-30), inboundFromAd("m1")),
                        event("ds", hoursAfterT0(-29), Fixtures.delivered("wamid.reply")), event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)))
                .when(template("r", MessageCategory.MARKETING)).decide();

        assertThat(approved(inWindow).billable()).isTrue();
        assertThat(approved(inFreeEntryPoint).freeBecause()).isEqualTo(FreeReason.FREE_ENTRY_POINT);
        assertThat(approved(inFreeEntryPoint).basis()).isEqualTo(ApprovalBasis.CONSENT);
    }

    @Test
    void shouldTurnTheQuotasVerdictIntoTheFinalDecision() {
        Decision.Approved pending = approved(spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)))
                .when(template("r", MessageCategory.UTILITY)).decide());

        Decision counted = pending.afterQuota(new QuotaOutcome.Admitted(true));
        Decision refused = pending.afterQuota(new QuotaOutcome.Refused(250, hoursAfterT0(3)));

        assertThat(approved(counted).limitUse()).isEqualTo(MessagingLimitUse.COUNTED);
        assertThat(rejected(refused).reason()).isEqualTo(RejectionReason.TIER_LIMIT_REACHED);
        assertThat(rejected(refused).retryAfter()).isEqualTo(hoursAfterT0(3));
        assertThat(rejected(refused).detail()).contains("250");
    }

    @Test
    void shouldMapDecisionsToTheRecordsTheGateWrites() {
        // Given
        SendRequest request = template("r", MessageCategory.UTILITY);
        Decision.Approved pending = approved(spec("").given(event("oi", BEFORE, optIn("c1", ConsentCategory.ALL))).when(request).decide());
        Decision.Rejected rejectedDecision = rejected(spec("").when(request).decide());

        // When
        ApprovedSend approvedSend = DecisionRecords.approvedSend(request, approved(pending.afterQuota(new QuotaOutcome.Admitted(true))));
        SendRejection rejection = DecisionRecords.sendRejection(request, rejectedDecision);

        // Then
        assertThat(approvedSend.getRequest()).isEqualTo(request);
        assertThat(approvedSend.getConsentId()).isEqualTo("c1");
        assertThat(approvedSend.getBasis()).isEqualTo(ApprovalBasis.CONSENT);
        assertThat(approvedSend.getCountedTowardLimit()).isTrue();
        assertThat(approvedSend.getBillable()).isTrue();
        assertThat(approvedSend.getDecidedAt()).isEqualTo(T0);
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.NO_CONSENT);
        assertThat(rejection.getDetail()).isEqualTo(rejectedDecision.detail());
        assertThatThrownBy(() -> DecisionRecords.approvedSend(request, pending)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("business quota");
    }

    private static Decision.Rejected rejected(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return (Decision.Rejected) decision;
    }

    private static Decision.Approved approved(Decision decision) {
        assertThat(decision).isInstanceOf(Decision.Approved.class);
        return (Decision.Approved) decision;
    }
}
