package io.consentgate.domain.policy;

import io.consentgate.avro.FreeReason;
import io.consentgate.avro.MessageCategory;
import java.time.Instant;
import java.util.Set;

/**
 * Meta's pricing as configuration, because Meta changes it: some categories are always billed;
 * messages inside the customer service window are free until {@code windowMessagesBilledFrom};
 * everything inside a free entry point is free.
 */
public record PricingPolicy(Set<MessageCategory> alwaysBilled, Instant windowMessagesBilledFrom) {

    public static final PricingPolicy DEFAULTS = new PricingPolicy(
            Set.of(MessageCategory.MARKETING, MessageCategory.AUTHENTICATION), Instant.parse("2026-10-01T00:00:00Z"));

    public PricingPolicy {
        alwaysBilled = Set.copyOf(alwaysBilled);
    }

    /** @return why the message is free, or null when it is billed */
    public FreeReason freeReason(MessageCategory category, boolean insideWindow, boolean insideFreeEntryPoint, Instant now) {
        if (insideFreeEntryPoint) {
            return FreeReason.FREE_ENTRY_POINT;
        }
        boolean freeInWindow = insideWindow && !alwaysBilled.contains(category) && now.isBefore(windowMessagesBilledFrom);
        return freeInWindow ? FreeReason.CUSTOMER_SERVICE_WINDOW : null;
    }
}
