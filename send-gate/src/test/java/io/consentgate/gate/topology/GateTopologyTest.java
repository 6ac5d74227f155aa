package io.consentgate.gate.topology;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.messagingLimit;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.senderQuality;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.decision.Decision;
import io.consentgate.gate.Samples;
import io.consentgate.schemas.ContactKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GateTopologyTest {

    private static final String BUSINESS = "acme-retail";
    private static final ContactKey CONTACT = new ContactKey(BUSINESS, "+34612345678");

    private final GateDriver gate = new GateDriver();

    @AfterEach
    void close() {
        gate.close();
    }

    private Instant earlier(int minutes) {
        return gate.clock.instant().minus(Duration.ofMinutes(minutes));
    }

    private void approveTemplates() {
        gate.business(templateStatus(BUSINESS, "order_update", MessageCategory.UTILITY, TemplateStatus.APPROVED, earlier(120)));
        gate.business(templateStatus(BUSINESS, "black_friday", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(120)));
    }

    private SendRejection onlyRejection() {
        assertThat(gate.approved.isEmpty()).as("no approval").isTrue();
        List<SendRejection> rejections = gate.rejected.readValuesToList();
        assertThat(rejections).hasSize(1);
        return rejections.getFirst();
    }

    private ApprovedSend onlyApproval() {
        assertThat(gate.rejected.readValuesToList()).as("no rejection").isEmpty();
        List<ApprovedSend> approvals = gate.approved.readValuesToList();
        assertThat(approvals).hasSize(1);
        return approvals.getFirst();
    }

    @Test
    void shouldApproveAUtilityTemplateWithConsentThroughTheBusinessQuota() {
        // Given
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.UTILITY, earlier(60)));

        // When
        gate.request(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // Then
        ApprovedSend approved = onlyApproval();
        assertThat(approved.getBasis()).isEqualTo(ApprovalBasis.CONSENT);
        assertThat(approved.getConsentId()).startsWith("cns-");
        assertThat(approved.getCountedTowardLimit()).isTrue();
        assertThat(approved.getRequest().getRequestId()).isEqualTo("r-1");
        assertThat(gate.driver.producedTopicNames()).as("it went through the quota stage").anyMatch(GateTopologyTest::quotaRepartition);
    }

    @Test
    void shouldApproveATemplateOfABusinessWithoutLimitWithoutTheQuotaStage() {
        // Given
        approveTemplates();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_UNLIMITED, earlier(120)));
        gate.event(optIn(CONTACT, ConsentCategory.UTILITY, earlier(60)));

        // When
        gate.request(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // Then
        ApprovedSend approved = onlyApproval();
        assertThat(approved.getBasis()).isEqualTo(ApprovalBasis.CONSENT);
        assertThat(approved.getCountedTowardLimit()).isFalse();
        assertThat(gate.driver.producedTopicNames()).as("decided in one stage").noneMatch(GateTopologyTest::quotaRepartition);
    }

    private static boolean quotaRepartition(String topic) {
        return topic.endsWith(GateTopology.QUOTA_REPARTITION + "-repartition");
    }

    @Test
    void shouldApproveAReplyInsideTheServiceWindowWithoutCountingIt() {
        // Given
        gate.event(inbound(CONTACT, earlier(5)));

        // When
        gate.request(reply(CONTACT, "r-1", gate.clock.instant()));

        // Then
        TestRecord<String, ApprovedSend> approved = gate.approved.readRecord();
        assertThat(approved.key()).isEqualTo(CONTACT.toString());
        assertThat(approved.value().getBasis()).isEqualTo(ApprovalBasis.CUSTOMER_SERVICE_WINDOW);
        assertThat(approved.value().getCountedTowardLimit()).isFalse();
        assertThat(gate.rejected.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseMarketingAfterAnOptOut() {
        // Given
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate.event(optOut(CONTACT, earlier(1)));

        // When
        gate.request(template(CONTACT, "r-1", "black_friday", MessageCategory.MARKETING, gate.clock.instant()));

        // Then
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldRefuseATemplateWithoutConsentAndAFreeFormMessageWithoutAWindow() {
        // Given
        approveTemplates();

        // When
        gate.request(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));
        gate.request(reply(CONTACT, "r-2", gate.clock.instant()));

        // Then
        assertThat(gate.rejected.readValuesToList()).extracting(SendRejection::getReason)
                .containsExactly(RejectionReason.NO_CONSENT, RejectionReason.WINDOW_CLOSED);
        assertThat(gate.approved.isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAPausedTemplateUntilItCanBeRetried() {
        // Given
        gate.business(templateStatus(BUSINESS, "order_update", MessageCategory.UTILITY, TemplateStatus.PAUSED, earlier(10)));
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));

        // When
        gate.request(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // Then
        SendRejection rejection = onlyRejection();
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.TEMPLATE_NOT_APPROVED);
        assertThat(rejection.getRetryAfter()).isAfter(gate.clock.instant());
    }

    @Test
    void shouldPauseMarketingOnARedSenderButNotUtility() {
        // Given
        approveTemplates();
        gate.business(senderQuality(BUSINESS, QualityRating.RED, SenderStatus.CONNECTED, earlier(30)));
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));

        // When
        gate.request(template(CONTACT, "r-1", "black_friday", MessageCategory.MARKETING, gate.clock.instant()));
        gate.request(template(CONTACT, "r-2", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // Then
        assertThat(gate.rejected.readValuesToList()).extracting(SendRejection::getReason).containsExactly(RejectionReason.SENDER_QUALITY_LOW);
        assertThat(gate.approved.readValuesToList()).extracting(sent -> sent.getRequest().getRequestId()).containsExactly("r-2");
    }

    @Test
    void shouldCapMarketingFrequencyFromTheSendsItApproved() {
        // Given
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.MARKETING, earlier(60)));

        // When
        for (int i = 1; i <= 3; i++) {
            gate.request(template(CONTACT, "r-" + i, "black_friday", MessageCategory.MARKETING, gate.clock.instant()));
            gate.clock.advance(Duration.ofMinutes(1));
        }

        // Then
        assertThat(gate.approved.readValuesToList()).hasSize(2);
        SendRejection capped = onlyRejection();
        assertThat(capped.getReason()).isEqualTo(RejectionReason.FREQUENCY_CAPPED);
        assertThat(capped.getRetryAfter()).isNotNull();
    }

    @Test
    void shouldRefuseTheSecondRequestWithTheSameId() {
        // Given
        gate.event(inbound(CONTACT, earlier(5)));
        gate.request(reply(CONTACT, "r-1", gate.clock.instant()));

        // When
        gate.clock.advance(Duration.ofDays(2));
        gate.event(inbound(CONTACT, earlier(5)));
        gate.request(reply(CONTACT, "r-1", gate.clock.instant()));

        // Then
        assertThat(gate.approved.readValuesToList()).hasSize(1);
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.DUPLICATE_REQUEST);
    }

    @Test
    void shouldReKeyARequestWhoseKeyIsNotCanonicalAndDecideItAgainstTheContactsState() {
        // Given
        gate.event(inbound(CONTACT, earlier(5)));

        // When
        gate.request("whatever-the-pipeline-used", Samples.request(BUSINESS, "0034 612 34 56 78", "r-1", gate.clock.instant())
                .setKind(MessageKind.FREE_FORM).build());

        // Then
        TestRecord<String, ApprovedSend> approved = gate.approved.readRecord();
        assertThat(approved.key()).isEqualTo(CONTACT.toString());
        assertThat(approved.value().getContact()).isEqualTo(CONTACT.contact());
        assertThat(approved.value().getRequest().getContact()).isEqualTo("0034 612 34 56 78");
    }

    @Test
    void shouldRefuseAnInvalidRequestNamingWhatIsWrong() {
        // When
        gate.request(Samples.request(BUSINESS, "not a phone", "r-1", gate.clock.instant()).setKind(MessageKind.FREE_FORM).build());
        gate.request(Samples.request(BUSINESS, CONTACT.contact(), "r-2", gate.clock.instant()).setKind(MessageKind.TEMPLATE).build());

        // Then
        List<SendRejection> rejections = gate.rejected.readValuesToList();
        assertThat(rejections).extracting(SendRejection::getReason).containsOnly(RejectionReason.INVALID_REQUEST);
        assertThat(rejections.get(0).getDetail()).contains("contact");
        assertThat(rejections.get(1).getDetail()).contains("template");
    }

    @Test
    void shouldRefuseAWellFormedNumberThatDoesNotExistAsARequestRoutedNowhereIsRefused() {
        // Given a key in E.164 form, whose number is in no range: routed by its form, decided where its key belongs
        String noSuchNumber = "+3412345678"; // eight digits after Spain's code: no Spanish number is that short
        SendRequest request = Samples.request(BUSINESS, noSuchNumber, "r-1", gate.clock.instant()).setKind(MessageKind.FREE_FORM).build();

        // When
        gate.request(new ContactKey(BUSINESS, noSuchNumber).toString(), request);

        // Then the same refusal as a request no key can be formed for
        SendRejection rejection = onlyRejection();
        Decision.Rejected routedNowhere = (Decision.Rejected) RequestDecider.decideWithoutKey(request, gate.policies, gate.clock.instant());
        assertThat(rejection.getReason()).isEqualTo(RejectionReason.INVALID_REQUEST);
        assertThat(rejection.getDetail()).isEqualTo(routedNowhere.detail()).contains("contact");
    }

    @Test
    void shouldRefuseContactsBeyondTheBusinessTierAndSayWhenCapacityFrees() {
        // Given
        approveTemplates();
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_50, earlier(120)));
        for (int i = 0; i < 51; i++) {
            gate.event(optIn(new ContactKey(BUSINESS, spanishMobile(i)), ConsentCategory.UTILITY, earlier(60)));
        }

        // When
        for (int i = 0; i < 51; i++) {
            gate.request(template(new ContactKey(BUSINESS, spanishMobile(i)), "r-" + i, "order_update", MessageCategory.UTILITY, gate.clock.instant()));
        }
        gate.request(template(new ContactKey(BUSINESS, spanishMobile(0)), "r-again", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // Then
        List<ApprovedSend> approvals = gate.approved.readValuesToList();
        assertThat(approvals).hasSize(51);
        assertThat(approvals.getLast().getCountedTowardLimit()).as("a contact already counted does not count again").isFalse();
        SendRejection refused = onlyRejection();
        assertThat(refused.getReason()).isEqualTo(RejectionReason.TIER_LIMIT_REACHED);
        assertThat(refused.getRetryAfter()).isEqualTo(gate.clock.instant().plus(Duration.ofHours(24)));
    }

    @Test
    void shouldKeepHonouringAnOptOutAfterTheContactIsErased() {
        // Given
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate.event(optOut(CONTACT, earlier(30)));
        gate.event(Samples.erasure(CONTACT, earlier(10)));

        // When
        gate.request(template(CONTACT, "r-1", "black_friday", MessageCategory.MARKETING, gate.clock.instant()));

        // Then
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OPTED_OUT);
    }

    @Test
    void shouldHoldRequestsUntilTheOptOutAcknowledgedBeforeThemIsFolded() {
        // Given: the opt-out is committed to contact-events but not fetched yet
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate.endOffsets.committed++;
        gate.parkOnly(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));
        gate.parkOnly(reply(CONTACT, "r-2", gate.clock.instant()));
        gate.pollFences();
        assertThat(gate.approved.isEmpty() && gate.rejected.isEmpty()).as("nothing decided before the opt-out is folded").isTrue();

        // When
        gate.contactEvents.pipeInput(CONTACT.toString(), optOut(CONTACT, earlier(1)), earlier(1));
        gate.pollFences();

        // Then: both refused, in arrival order (an opt-out of everything refuses free-form too, before its window is looked at)
        assertThat(gate.approved.isEmpty()).isTrue();
        assertThat(gate.rejected.readValuesToList()).extracting(rejection -> rejection.getRequest().getRequestId() + ":" + rejection.getReason())
                .containsExactly("r-1:OPTED_OUT", "r-2:OPTED_OUT");
        assertThat(gate.observer.fenceGapsSkipped).isZero();
    }

    @Test
    void shouldSkipOffsetsWithNothingToFoldOnceTheFoldStandsStill() {
        // Given: the fence lies past an offset that never comes as a record (a transaction marker)
        gate.event(inbound(CONTACT, earlier(5)));
        gate.endOffsets.committed++;
        gate.parkOnly(reply(CONTACT, "r-1", gate.clock.instant()));
        gate.pollFences();
        assertThat(gate.approved.isEmpty()).isTrue();

        // When
        gate.driver.advanceWallClockTime(GateDriver.FENCE_GAP_CHECK_AFTER);
        gate.pollFences();

        // Then: decided after one gap check; the gap holds no later request up
        assertThat(onlyApproval().getRequest().getRequestId()).isEqualTo("r-1");
        gate.request(reply(CONTACT, "r-2", gate.clock.instant()));
        assertThat(onlyApproval().getRequest().getRequestId()).isEqualTo("r-2");
        assertThat(gate.endOffsets.gapChecks).isEqualTo(1);
        assertThat(gate.observer.fenceGapsSkipped).isEqualTo(1);
    }

    @Test
    void shouldWaitForAFoldThatIsOnlyBehindHoweverLongItTakes() {
        // Given: the opt-out is committed but the fold has not got to it
        approveTemplates();
        gate.event(optIn(CONTACT, ConsentCategory.ALL, earlier(60)));
        gate.endOffsets.committed++;
        gate.endOffsets.records++;
        gate.parkOnly(template(CONTACT, "r-1", "order_update", MessageCategory.UTILITY, gate.clock.instant()));

        // When
        for (int i = 0; i < 10; i++) {
            gate.driver.advanceWallClockTime(GateDriver.FENCE_GAP_CHECK_AFTER);
        }
        assertThat(gate.approved.isEmpty() && gate.rejected.isEmpty()).as("still waiting").isTrue();
        gate.contactEvents.pipeInput(CONTACT.toString(), optOut(CONTACT, earlier(1)), earlier(1));
        gate.pollFences();

        // Then
        assertThat(onlyRejection().getReason()).isEqualTo(RejectionReason.OPTED_OUT);
        assertThat(gate.endOffsets.gapChecks).isPositive();
        assertThat(gate.observer.fenceGapsSkipped).isZero();
    }

    /** The dead-letter record itself is checked on the real broker: TopologyTestDriver 4.2 does not capture it. */
    @Test
    void shouldGoOnAfterUndecodableBytes() {
        // Given
        gate.event(inbound(CONTACT, earlier(5)));

        // When
        gate.rawRequests.pipeInput(CONTACT.toString(), "not avro".getBytes(StandardCharsets.UTF_8), gate.clock.instant());
        gate.request(reply(CONTACT, "r-1", gate.clock.instant()));

        // Then
        assertThat(onlyApproval().getRequest().getRequestId()).isEqualTo("r-1");
    }

    @Test
    void shouldFoldBusinessEventsIntoTheGlobalStore() {
        // Given
        gate.business(templateStatus(BUSINESS, "order_update", MessageCategory.MARKETING, TemplateStatus.APPROVED, earlier(60)));
        gate.business(messagingLimit(BUSINESS, MessagingTier.TIER_10K, earlier(60)));
        gate.business(senderQuality(BUSINESS, QualityRating.YELLOW, SenderStatus.FLAGGED, earlier(30)));

        // When
        BusinessStates states = new BusinessStates(gate.driver.getKeyValueStore(GateTopology.BUSINESS_STATE_STORE));

        // Then
        assertThat(states.template(BUSINESS, "order_update", Samples.TEMPLATE_LANGUAGE).category()).isEqualTo(MessageCategory.MARKETING);
        assertThat(states.limit(BUSINESS).tier()).isEqualTo(MessagingTier.TIER_10K);
        assertThat(states.sender(BUSINESS, Samples.SENDER).status()).isEqualTo(SenderStatus.FLAGGED);
        assertThat(states.sender(BUSINESS, "another-number")).isNull();
    }
}
