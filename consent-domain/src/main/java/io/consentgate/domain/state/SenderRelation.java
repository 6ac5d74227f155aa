package io.consentgate.domain.state;

import java.time.Duration;
import java.time.Instant;

/**
 * What holds between one business number and the contact: windows, Meta's marketing stop, back-off.
 *
 * @param marketingStoppedAt the latest marketing stop (in force unless {@code marketingResumedAt} is later)
 * @param marketingResumedAt the latest resume
 */
public record SenderRelation(
        String senderId,
        Instant lastInboundAt,
        Instant freeEntryPointAt,
        Instant marketingStoppedAt,
        Instant marketingResumedAt,
        Instant marketingBackoffUntil,
        int windowMismatches) {

    public static final Duration SERVICE_WINDOW = Duration.ofHours(24);
    public static final Duration FREE_ENTRY_POINT = Duration.ofHours(72);
    public static final Duration MARKETING_BACKOFF = Duration.ofHours(24);

    public static SenderRelation none(String senderId) {
        return new SenderRelation(senderId, null, null, null, null, null, 0);
    }

    public Instant windowClosesAt() {
        return lastInboundAt == null ? null : lastInboundAt.plus(SERVICE_WINDOW);
    }

    public Instant freeEntryPointClosesAt() {
        return freeEntryPointAt == null ? null : freeEntryPointAt.plus(FREE_ENTRY_POINT);
    }

    SenderRelation inbound(Instant at, boolean fromReferral) {
        return new SenderRelation(senderId, latest(lastInboundAt, at),
                fromReferral ? latest(freeEntryPointAt, at) : freeEntryPointAt,
                marketingStoppedAt, marketingResumedAt, marketingBackoffUntil, windowMismatches);
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
                marketingBackoffUntil, windowMismatches);
    }

    SenderRelation marketingResumed(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, latest(marketingResumedAt, at),
                marketingBackoffUntil, windowMismatches);
    }

    SenderRelation marketingCapHit(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt,
                latest(marketingBackoffUntil, at.plus(MARKETING_BACKOFF)), windowMismatches);
    }

    SenderRelation windowMismatch() {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt, marketingBackoffUntil,
                windowMismatches + 1);
    }

    /**
     * Windows and back-offs are personal history; a marketing stop is a refusal and stays, even one a resume had lifted
     * before the erasure (erasure never forgets a refusal, whatever the order the events arrive in).
     */
    SenderRelation anonymised() {
        return new SenderRelation(senderId, null, null, marketingStoppedAt, null, null, 0);
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
