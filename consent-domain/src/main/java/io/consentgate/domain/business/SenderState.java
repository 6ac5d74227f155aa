package io.consentgate.domain.business;

import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import java.time.Instant;

/**
 * Quality and status of one business number, folded from {@code phone_number_quality_update}.
 * A number the gate has heard nothing about is UNKNOWN/UNKNOWN, which no rule refuses.
 *
 * @param statusSince     when the current status began: a RESTRICTED number frees up 24 h later, unless Meta said when
 * @param restrictedUntil when Meta said a RESTRICTED status ends (account_update {@code restriction_info.expiration}); null otherwise
 * @param rateLimitedAt   the latest refusal for the number's own rate limits (131048, 130429); null if none
 * @param rateLimitCode   Meta's code of that refusal; 0 if none
 */
public record SenderState(String businessId, String senderId, QualityRating quality, SenderStatus status, Instant statusSince, Instant updatedAt,
                          Instant restrictedUntil, Instant rateLimitedAt, int rateLimitCode) {

    /** Meta's messaging limit period: a restriction without an expiration lifts when it resets. */
    public static final java.time.Duration RESTRICTION_PERIOD = java.time.Duration.ofHours(24);

    public SenderState(String businessId, String senderId, QualityRating quality, SenderStatus status, Instant statusSince, Instant updatedAt) {
        this(businessId, senderId, quality, status, statusSince, updatedAt, null);
    }

    public SenderState(String businessId, String senderId, QualityRating quality, SenderStatus status, Instant statusSince, Instant updatedAt,
                       Instant restrictedUntil) {
        this(businessId, senderId, quality, status, statusSince, updatedAt, restrictedUntil, null, 0);
    }

    /** Until when the number is backed off for a rate limit, or null when it never hit one. */
    public Instant rateLimitBackoffUntil(java.time.Duration backoff) {
        return rateLimitedAt == null ? null : rateLimitedAt.plus(backoff);
    }

    /** A rate-limit refusal (131048, 130429): the latest is kept, whatever the order; quality and status are untouched. */
    public SenderState rateLimited(int code, Instant at) {
        if (rateLimitedAt != null && !at.isAfter(rateLimitedAt)) {
            return this;
        }
        return new SenderState(businessId, senderId, quality, status, statusSince, updatedAt, restrictedUntil, at, code);
    }

    /** When a RESTRICTED number may start conversations again; null when it is not restricted. */
    public Instant restrictionEnds() {
        if (status != SenderStatus.RESTRICTED) {
            return null;
        }
        return restrictedUntil != null ? restrictedUntil : statusSince.plus(RESTRICTION_PERIOD);
    }

    /** Whether it may not start conversations at {@code now}: RESTRICTED and the restriction not over. */
    public boolean restrictedAt(Instant now) {
        Instant ends = restrictionEnds();
        return ends != null && (restrictedUntil == null || now.isBefore(ends));
    }

    public static SenderState unknown(String businessId, String senderId) {
        return new SenderState(businessId, senderId, QualityRating.UNKNOWN, SenderStatus.UNKNOWN, Instant.EPOCH, Instant.EPOCH);
    }

    /** The global-store key: {@code businessId|senderId}. */
    public static String storeKey(String businessId, String senderId) {
        return businessId + '|' + senderId;
    }

    /** Newest report wins; a field the report leaves UNKNOWN keeps its last known value. */
    public SenderState apply(SenderQualityChanged change, Instant occurredAt) {
        if (occurredAt.isBefore(updatedAt)) {
            return this;
        }
        QualityRating newQuality = change.getQualityRating() == QualityRating.UNKNOWN ? quality : change.getQualityRating();
        SenderStatus newStatus = statusOf(change);
        Instant since = newStatus == status ? statusSince : occurredAt;
        Instant until = newStatus != SenderStatus.RESTRICTED ? null
                : change.getRestrictedUntil() != null ? change.getRestrictedUntil() : newStatus == status ? restrictedUntil : null;
        return new SenderState(businessId, senderId, newQuality, newStatus, since, occurredAt, until, rateLimitedAt, rateLimitCode);
    }

    /** The legacy FLAGGED/UNFLAGGED events carry the status in their name only. */
    private SenderStatus statusOf(SenderQualityChanged change) {
        if (change.getStatus() != SenderStatus.UNKNOWN) {
            return change.getStatus();
        }
        String event = change.getWebhookEvent();
        if ("FLAGGED".equals(event)) {
            return SenderStatus.FLAGGED;
        }
        return "UNFLAGGED".equals(event) ? SenderStatus.CONNECTED : status;
    }
}
