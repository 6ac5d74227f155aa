package io.consentgate.domain.business;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.DecisionRecords;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Template events as Meta means them, and the template's current category deciding (Meta's template events). */
class TemplateEventsTest {

    private static final String BUSINESS = "acme";
    private static final String SENDER = "sender-1";
    private static final String PHONE = "+34612345678";
    /** Noon in Madrid: no quiet hours. */
    private static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    private static final ContactFactsFold FOLD = new ContactFactsFold(businessId -> BusinessPolicy.DEFAULTS,
            new ErasureHasher("0123456789abcdef0123456789abcdef".getBytes()));

    @Test
    void shouldKeepAFlaggedTemplateApprovedWithTheDateMetaWillDisableIt() {
        Instant disableDate = T0.plus(Duration.ofDays(7));
        TemplateState flagged = approved(MessageCategory.UTILITY).apply(event(TemplateStatus.FLAGGED).setDisableDate(disableDate).build(), T0);

        assertThat(flagged.status()).isEqualTo(TemplateStatus.APPROVED);
        assertThat(flagged.disableDate()).isEqualTo(disableDate);
        assertThat(decide(utilityRequest(), flagged, T0.plusSeconds(60))).isInstanceOf(Decision.Approved.class);
    }

    @ParameterizedTest
    @EnumSource(value = TemplateStatus.class, names = {"REINSTATED", "UNPAUSED", "APPROVED"})
    void shouldApproveAgainOnReinstatedOrUnpaused(TemplateStatus event) {
        TemplateState paused = approved(MessageCategory.UTILITY).apply(event(TemplateStatus.PAUSED).build(), T0);

        TemplateState back = paused.apply(event(event).build(), T0.plusSeconds(60));

        assertThat(back.status()).isEqualTo(TemplateStatus.APPROVED);
        assertThat(back.pausedUntil()).isNull();
        assertThat(decide(utilityRequest(), back, T0.plusSeconds(120))).isInstanceOf(Decision.Approved.class);
    }

    @ParameterizedTest
    @EnumSource(value = TemplateStatus.class, names = {"DISABLED", "REJECTED", "DELETED", "ARCHIVED", "LOCKED", "PENDING",
            "PENDING_DELETION", "IN_APPEAL", "LIMIT_EXCEEDED"})
    void shouldRefuseEveryOtherEvent(TemplateStatus event) {
        TemplateState state = approved(MessageCategory.UTILITY).apply(event(event).build(), T0);

        Decision decision = decide(utilityRequest(), state, T0.plusSeconds(60));

        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.TEMPLATE_NOT_APPROVED);
            assertThat(rejected.retryAfter()).isNull();
            assertThat(rejected.detail()).contains(event.name());
        });
    }

    @Test
    void shouldPauseThreeHoursTheFirstTimeAndSixTheSecond() {
        TemplateState first = approved(MessageCategory.UTILITY).apply(event(TemplateStatus.PAUSED).build(), T0);
        TemplateState unpaused = first.apply(event(TemplateStatus.UNPAUSED).build(), T0.plus(Duration.ofHours(3)));
        TemplateState second = unpaused.apply(event(TemplateStatus.PAUSED).build(), T0.plus(Duration.ofHours(4)));

        assertThat(retryAfter(first, T0.plusSeconds(60))).isEqualTo(T0.plus(Duration.ofHours(3)));
        assertThat(retryAfter(second, T0.plus(Duration.ofHours(4)))).isEqualTo(T0.plus(Duration.ofHours(10)));
    }

    @Test
    void shouldNotCountTheSamePauseTwiceWhenASnapshotReportsItAgain() {
        TemplateState first = approved(MessageCategory.UTILITY).apply(event(TemplateStatus.PAUSED).build(), T0);

        TemplateState seenAgain = first.apply(event(TemplateStatus.PAUSED).build(), T0.plus(Duration.ofHours(1)));

        assertThat(seenAgain.pauses()).isEqualTo(1);
        assertThat(seenAgain.pausedUntil()).isEqualTo(T0.plus(Duration.ofHours(3)));
    }

    @Test
    void shouldTakeThePauseLengthFromMetasTitleWhenItSaysOne() {
        // The gate never saw the first pause (it started later): Meta's SECOND_PAUSE says 6 h.
        TemplateState second = approved(MessageCategory.UTILITY).apply(event(TemplateStatus.PAUSED).setOtherInfoTitle("SECOND_PAUSE").build(), T0);

        assertThat(second.pausedUntil()).isEqualTo(T0.plus(Duration.ofHours(6)));
    }

    @Test
    void shouldDecideAUtilityRequestAsMarketingOnceMetaMovedTheTemplate() {
        // Given a contact opted in to UTILITY only, and a UTILITY template Meta then moved to MARKETING
        ContactFacts utilityOnly = FOLD.apply(null, new ContactEvent("oi", BUSINESS, PHONE, T0.minusSeconds(3600), T0.minusSeconds(3600), "test",
                OptIn.newBuilder().setConsentId("c1").setBusinessName("ACME").setScopes(List.of(new ConsentScope(ConsentCategory.UTILITY, null)))
                        .setChannel(Channel.WEB_FORM).setNoticeVersion("v1").setNoticeHash("ab".repeat(32)).setLanguage("es-ES")
                        .setEvidenceRef("form-1").build()));
        TemplateState moved = approved(MessageCategory.UTILITY).apply(TemplateCategoryChanged.newBuilder().setTemplateName("order_update")
                .setLanguage("es").setPreviousCategory(MessageCategory.UTILITY).setNewCategory(MessageCategory.MARKETING).build(), T0);

        // When the request still says UTILITY
        Decision before = SendPolicy.decide(utilityRequest(), utilityOnly, DecidedRequests.NONE, null, BusinessPolicy.DEFAULTS,
                approved(MessageCategory.UTILITY), T0.plusSeconds(60));
        Decision after = SendPolicy.decide(utilityRequest(), utilityOnly, DecidedRequests.NONE, null, BusinessPolicy.DEFAULTS, moved,
                T0.plusSeconds(60));

        // Then it was approved as UTILITY, and is now refused as MARKETING, and the rejection says so
        assertThat(before).isInstanceOfSatisfying(Decision.Approved.class,
                approved -> assertThat(approved.pricingCategory()).isEqualTo(MessageCategory.UTILITY));
        assertThat(after).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(RejectionReason.NO_CONSENT);
            assertThat(rejected.decidedCategory()).isEqualTo(MessageCategory.MARKETING);
            assertThat(rejected.detail()).contains("decided as MARKETING").contains("the request said UTILITY");
            assertThat(DecisionRecords.sendRejection(utilityRequest(), rejected).getDecidedCategory()).isEqualTo(MessageCategory.MARKETING);
        });
    }

    @Test
    void shouldKeepTheNewerCategoryWhateverTheOrderOfStatusAndCategoryEvents() {
        TemplateState moved = approved(MessageCategory.UTILITY).apply(TemplateCategoryChanged.newBuilder().setTemplateName("order_update")
                .setLanguage("es").setNewCategory(MessageCategory.MARKETING).build(), T0.plusSeconds(60));

        // A status event from before the move, naming the old category, arrives late
        TemplateState late = moved.apply(event(TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build(), T0);

        assertThat(late.category()).isEqualTo(MessageCategory.MARKETING);
        assertThat(TemplateState.unreported(BUSINESS, "order_update", "es").apply(TemplateCategoryChanged.newBuilder()
                .setTemplateName("order_update").setLanguage("es").setNewCategory(MessageCategory.MARKETING).build(), T0).approved()).isFalse();
    }

    private static Instant retryAfter(TemplateState state, Instant now) {
        return ((Decision.Rejected) decide(utilityRequest(), state, now)).retryAfter();
    }

    /** Inside a window (the contact wrote), so only the template rules can refuse a UTILITY template. */
    private static Decision decide(SendRequest request, TemplateState template, Instant now) {
        ContactFacts wrote = FOLD.apply(null, new ContactEvent("in", BUSINESS, PHONE, now.minusSeconds(60), now.minusSeconds(60), "test",
                io.consentgate.avro.InboundMessage.newBuilder().setMessageId("wamid.in").setSenderId(SENDER)
                        .setType(io.consentgate.avro.InboundMessageType.TEXT).setPhone(PHONE).build()));
        return SendPolicy.decide(request, wrote, DecidedRequests.NONE, null, BusinessPolicy.DEFAULTS, template, now);
    }

    private static TemplateState approved(MessageCategory category) {
        return TemplateState.unreported(BUSINESS, "order_update", "es")
                .apply(event(TemplateStatus.APPROVED).setCategory(category).build(), T0.minus(Duration.ofDays(30)));
    }

    private static TemplateStatusChanged.Builder event(TemplateStatus status) {
        return TemplateStatusChanged.newBuilder().setTemplateName("order_update").setLanguage("es").setStatus(status);
    }

    private static SendRequest utilityRequest() {
        return new SendRequest("r1", BUSINESS, SENDER, PHONE, T0, MessageKind.TEMPLATE,
                new TemplateRef("order_update", "es", MessageCategory.UTILITY), null, null, null);
    }
}
