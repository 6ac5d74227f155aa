package io.consentgate.domain.state;

import java.time.Duration;
import java.time.Instant;

/** What holds between one business number and the contact: windows, Meta's marketing stop, back-off. */
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
     * A stop older than the latest resume came late and changes nothing; a stop at the same instant as a resume wins, in
     * either arrival order. While stopped, the latest stop is kept, so that only a resume newer than every stop lifts it.
     */
    SenderRelation marketingStopped(Instant at) {
        if (marketingResumedAt != null && at.isBefore(marketingResumedAt)) {
            return this;
        }
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, latest(marketingStoppedAt, at), marketingResumedAt,
                marketingBackoffUntil, windowMismatches);
    }

    /** Only a resume newer than the stop lifts it; every resume is remembered, so that a late older stop is known as such. */
    SenderRelation marketingResumed(Instant at) {
        boolean lifts = marketingStoppedAt != null && at.isAfter(marketingStoppedAt);
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, lifts ? null : marketingStoppedAt,
                latest(marketingResumedAt, at), marketingBackoffUntil, windowMismatches);
    }

    SenderRelation marketingCapHit(Instant at) {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt,
                latest(marketingBackoffUntil, at.plus(MARKETING_BACKOFF)), windowMismatches);
    }

    SenderRelation windowMismatch() {
        return new SenderRelation(senderId, lastInboundAt, freeEntryPointAt, marketingStoppedAt, marketingResumedAt, marketingBackoffUntil,
                windowMismatches + 1);
    }

    /** Windows and back-offs are personal history; a marketing stop is an opt-out and stays. */
    SenderRelation anonymised() {
        return new SenderRelation(senderId, null, null, marketingStoppedAt, null, null, 0);
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }
}
