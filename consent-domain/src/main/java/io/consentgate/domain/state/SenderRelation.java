package io.consentgate.domain.state;

import java.time.Duration;
import java.time.Instant;

/**
 * What holds between one business number and the contact: windows, Meta's marketing stop, back-off.
 *
 * @param freeEntryPointAt     when the free entry point opened: the delivery of the business's first message within 24 h
 *                            after {@code entryPointReferralAt} (see {@link #delivered})
 * @param marketingStoppedAt   the latest marketing stop (in force unless {@code marketingResumedAt} is later)
 * @param marketingResumedAt   the latest resume
 * @param entryPointReferralAt the latest inbound message from a click-to-WhatsApp ad or page button: a pending entry point
 */
public record SenderRelation(
        String senderId,
        Instant lastInboundAt,
        Instant freeEntryPointAt,
        Instant marketingStoppedAt,
        Instant marketingResumedAt,
        Instant marketingBackoffUntil,
        int windowMismatches,
        Instant entryPointReferralAt) {

    public static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    public static final Duration FREE_ENTRY_POINT = Duration.ofHours(72);
    /** How long after a referral a delivered business message opens the free entry point. */
    public static final Duration ENTRY_POINT_REPLY = Duration.ofHours(24);
    public static final Duration MARKETING_BACKOFF = Duration.ofHours(24);

    public static SenderRelation none(String senderId) {
        return new SenderRelation(senderId, null, null, null, null, null, 0, null);
    }

    public Instant windowClosesAt() {
        return lastInboundAt == null ? null : lastInboundAt.plus(SERVICE_WINDOW);
    }

    /**
     * When the free entry point closes, or null when none was opened. One without a referral is a state written before
     * referrals were kept, when {@code freeEntryPointAt} held the referral's own time: it opens none (cost only, and
     * predicting a bill Meta does not send is the safe mistake).
     */
    public Instant freeEntryPointClosesAt() {
        return freeEntryPointAt == null || entryPointReferralAt == null ? null : freeEntryPointAt.plus(FREE_ENTRY_POINT);
    }

    /** A message from the contact opens the window; one from an ad or page button (a referral) is also a pending entry point. */
    SenderRelation inbound(Instant at, boolean fromReferral) {
        return new SenderRelation(senderId, latest(lastInboundAt, at), freeEntryPointAt, marketingStoppedAt, marketingResumedAt,
                marketingBackoffUntil, windowMismatches, fromReferral ? latest(entryPointReferralAt, at) : entryPointReferralAt);
    }

    /**
     * A business message Meta delivered at {@code at} (its status timestamp). Delivered within 24 h after the latest referral,
     * it opens the free entry point from {@code at}, for 72 h. Later deliveries do not extend it; a new referral can start a new
     * one. Of the deliveries answering one referral, the earliest counts whatever order they arrive in: a late earlier one
     * moves the start back, which only shortens the free window.
     */
    SenderRelation delivered(Instant at) {
        boolean answersReferral = entryPointReferralAt != null && at.isAfter(entryPointReferralAt)
                && at.isBefore(entryPointReferralAt.plus(ENTRY_POINT_REPLY));
        if (!answersReferral) {
            return this;
        }
        boolean openedEarlierForIt = freeEntryPointAt != null && freeEntryPointAt.isAfter(entryPointReferralAt) && !at.isBefore(freeEntryPointAt);
        return openedEarlierForIt ? this : new SenderRelation(senderId, lastInboundAt, at, marketingStoppedAt, marketingResumedAt,
                marketingBackoffUntil, windowMismatches, entryPointReferralAt);
    }

    /**
     * A business message Meta delivered at {@code at} and priced {@code free_entry_point}: Meta says a free entry point is
     * open, whatever the gate predicted (it may have missed the referral, e.g. one from before it ran). One already open at
     * {@code at}, or starting later, is kept. Otherwise one opens from {@code at}: the message Meta first prices so is, in
     * the common case, the reply that opened it (an earlier start is unknown to the gate). The referral, when none was
     * seen, is taken as just before {@code at}, so that later deliveries do not restart it ({@link #delivered}).
     */
    SenderRelation deliveredInFreeEntryPoint(Instant at) {
        Instant closes = freeEntryPointClosesAt();
        boolean openAt = closes != null && !freeEntryPointAt.isAfter(at) && closes.isAfter(at);
        boolean laterOne = closes != null && freeEntryPointAt.isAfter(at);
        if (openAt || laterOne) {
            return this;
        }
        Instant referral = entryPointReferralAt != null ? entryPointReferralAt : at.minusMillis(1);
        return new SenderRelation(senderId, lastInboundAt, at, marketingStoppedAt, marketingResumedAt, marketingBackoffUntil, windowMismatches,
                referral);
    }

    /**
     * Marketing from this sender is stopped while the latest stop is not older than the latest resume: only a resume newer
     * than every stop lifts it, and at the same instant the stop wins, whatever the arrival order.
     */
    public boolean isMarketingStopped() {
        return marketingStoppedAt != null && (marketingResumedAt == null || !marketingResumedAt.isAfter(marketingStoppedAt));
    }

    /** When the stop in force was made, or null when marketing is not stopped. */
    public Instant marketingStoppedSince() {
        return isMarketingStopped() ? marketingStoppedAt : null;
    }

    /** Both the latest stop and the latest resume are kept, so the answer never depends on which arrived first. */
    SenderRelation marketingStopped(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, latest(marketingStoppedAt, at), marketingResumedAt,
                marketingBackoffUntil, windowMismatches, entryPointReferralAt);
    }

    SenderRelation marketingResumed(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, latest(marketingResumedAt, at),
                marketingBackoffUntil, windowMismatches, entryPointReferralAt);
    }

    SenderRelation marketingCapHit(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt,
                latest(marketingBackoffUntil, at.plus(MARKETING_BACKOFF)), windowMismatches, entryPointReferralAt);
    }

    SenderRelation windowMismatch() {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt, marketingBackoffUntil,
                windowMismatches + 1, entryPointReferralAt);
    }

    /**
     * Windows and back-offs are personal history; a marketing stop is a refusal and stays, even one a resume had lifted
     * before the erasure (erasure never forgets a refusal, whatever the order the events arrive in).
     */
    SenderRelation anonymised() {
        return new SenderRelation(senderId, null, null, marketingStoppedAt, null, null, 0, null);
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
