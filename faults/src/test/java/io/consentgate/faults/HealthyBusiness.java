package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.testing.contract.BusinessEvents;
import java.time.Instant;
import java.util.List;

/**
 * What an approval needs of {@link FaultStack#BUSINESS}, as business-events facts: a healthy sender (GREEN,
 * CONNECTED), a messaging limit far above any scenario's contacts (TIER_100K: the quota never refuses, but every
 * template approval goes through the gate's second stage, the business quota, so that its exactly-once is under
 * fault too; an unlimited business's approvals are final in the first stage) and an approved UTILITY template. Every
 * scenario that wants approvals publishes these before it sends.
 */
final class HealthyBusiness {

    static final String LANGUAGE = "es";

    private HealthyBusiness() {
    }

    /** The three facts, {@code template} the approved UTILITY template. */
    static List<BusinessEvent> facts(String template, Instant at) {
        return List.of(
                businessEvent("faults-sender", at, BusinessEvents.healthySender(FaultStack.SENDER)),
                businessEvent("faults-limit", at, BusinessEvents.limit(MessagingTier.TIER_100K)),
                templateApproved(template, at));
    }

    /** {@code template} (in {@link #LANGUAGE}) approved as UTILITY. */
    static BusinessEvent templateApproved(String template, Instant at) {
        return businessEvent("faults-template-" + template, at,
                BusinessEvents.templateStatus(template, LANGUAGE, MessageCategory.UTILITY, TemplateStatus.APPROVED));
    }

    private static BusinessEvent businessEvent(String eventId, Instant at, Object payload) {
        return BusinessEvents.event(FaultStack.BUSINESS, eventId, at, "faults", payload);
    }
}
