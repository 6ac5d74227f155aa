package io.consentgate.domain.quota;

import io.consentgate.avro.MessagingTier;
import java.time.Duration;
import java.time.Instant;

/**
 * One business portfolio's messaging limit in use: the unique contacts reached outside a customer
 * service window in the moving 24 hours. The rule lives here; the counted contacts are kept behind
 * {@link CountedContacts} (in memory, or the gate's store, one record per contact), so that one
 * admission costs the same however many contacts the business has counted.
 */
public final class BusinessQuota {

    public static final Duration MOVING_WINDOW = Duration.ofHours(24);

    private final CountedContacts counted;

    private BusinessQuota(CountedContacts counted) {
        this.counted = counted;
    }

    /** A quota counting in memory. */
    public static BusinessQuota empty() {
        return new BusinessQuota(new InMemoryCountedContacts());
    }

    /** The rule over contacts kept elsewhere (the gate's store): every change goes straight to them. */
    public static BusinessQuota over(CountedContacts counted) {
        return new BusinessQuota(counted);
    }

    /** Unique contacts per moving 24 h. UNKNOWN is read as the tier new portfolios start with. */
    public static int limitOf(MessagingTier tier) {
        return switch (tier) {
            case TIER_50 -> 50;
            case TIER_250, UNKNOWN -> 250;
            case TIER_1K -> 1_000;
            case TIER_2K -> 2_000;
            case TIER_10K -> 10_000;
            case TIER_100K -> 100_000;
            case TIER_UNLIMITED -> Integer.MAX_VALUE;
        };
    }

    /**
     * Whether the quota keeps anything for a business of this tier: an unlimited one has nothing to refuse, so its
     * approvals are admitted without counting, and need not wait for the quota at all.
     */
    public static boolean tracks(MessagingTier tier) {
        return limitOf(tier) != Integer.MAX_VALUE;
    }

    /**
     * Counts the contact if it was not counted in the last 24 h and there is room. An unlimited
     * business is not tracked at all: nothing to refuse, nothing to keep.
     */
    public QuotaOutcome admit(String contact, MessagingTier tier, Instant now) {
        counted.forgetCountedAtOrBefore(now.minus(MOVING_WINDOW));
        if (counted.countedAt(contact) != null) {
            return new QuotaOutcome.Admitted(false);
        }
        if (!tracks(tier)) {
            return new QuotaOutcome.Admitted(false);
        }
        int limit = limitOf(tier);
        int size = counted.size();
        if (size < limit) {
            counted.add(contact, now);
            return new QuotaOutcome.Admitted(true);
        }
        // One more fits once the (size - limit)-th oldest leaves: then size - limit - 1... are gone and size < limit.
        return new QuotaOutcome.Refused(limit, counted.countedAtOfOldest(size - limit).plus(MOVING_WINDOW));
    }

    public int countedContacts() {
        return counted.size();
    }

    /** The old one-value format ({@link QuotaBlob}) of a quota counting in memory: tests, and old stores to migrate. */
    public byte[] toBytes() {
        if (!(counted instanceof InMemoryCountedContacts inMemory)) {
            throw new IllegalStateException("only a quota counting in memory has a one-value form; the gate's store keeps one record per contact");
        }
        return QuotaBlob.encode(inMemory.oldestFirst());
    }

    /** A quota counting in memory, read from the old one-value format. */
    public static BusinessQuota fromBytes(byte[] bytes) {
        InMemoryCountedContacts counted = new InMemoryCountedContacts();
        QuotaBlob.decode(bytes).forEach(counted::add);
        return new BusinessQuota(counted);
    }
}
