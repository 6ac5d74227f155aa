package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import java.time.Instant;
import java.util.List;

/**
 * What an approval needs of {@link FaultStack#BUSINESS}, as business-events facts: a healthy sender (GREEN,
 * CONNECTED), no messaging limit (TIER_UNLIMITED: the quota never refuses) and an approved UTILITY template. Every
 * scenario that wants approvals publishes these before it sends.
 */
final class HealthyBusiness {

    static final String LANGUAGE = "es";

    private HealthyBusiness() {
    }

    /** The three facts, {@code template} the approved UTILITY template. */
    static List<BusinessEvent> facts(String template, Instant at) {
        return List.of(
                businessEvent("faults-sender", at, SenderQualityChanged.newBuilder().setSenderId(FaultStack.SENDER)
                        .setQualityRating(QualityRating.GREEN).setStatus(SenderStatus.CONNECTED).build()),
                businessEvent("faults-limit", at, new MessagingLimitChanged(MessagingTier.TIER_UNLIMITED)),
                templateApproved(template, at));
    }

    /** {@code template} (in {@link #LANGUAGE}) approved as UTILITY. */
    static BusinessEvent templateApproved(String template, Instant at) {
        return businessEvent("faults-template-" + template, at, TemplateStatusChanged.newBuilder().setTemplateName(template)
                .setLanguage(LANGUAGE).setStatus(TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build());
    }

    private static BusinessEvent businessEvent(String eventId, Instant at, Object payload) {
        return BusinessEvent.newBuilder().setEventId(eventId).setBusinessId(FaultStack.BUSINESS)
                .setOccurredAt(at).setRecordedAt(at).setSource("faults").setPayload(payload).build();
    }
}
