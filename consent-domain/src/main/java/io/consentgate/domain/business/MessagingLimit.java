package io.consentgate.domain.business;

import io.consentgate.avro.MessagingTier;
import java.time.Instant;

/**
 * A business portfolio's messaging limit, from {@code business_capability_update} (or the
 * {@code currentLimit} of a quality update). Until Meta says otherwise a business has the
 * tier new portfolios start with.
 */
public record MessagingLimit(MessagingTier tier, Instant since) {

    public static final MessagingLimit INITIAL = new MessagingLimit(MessagingTier.TIER_250, Instant.EPOCH);

    /** Newest report wins; an UNKNOWN tier says nothing. */
    public MessagingLimit apply(MessagingTier reported, Instant occurredAt) {
        return reported == MessagingTier.UNKNOWN || occurredAt.isBefore(since) ? this : new MessagingLimit(reported, occurredAt);
    }
}
