package io.consentgate.domain.business;

import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import java.time.Instant;

/**
 * Quality and status of one business number, folded from {@code phone_number_quality_update}.
 * A number the gate has heard nothing about is UNKNOWN/UNKNOWN, which no rule refuses.
 *
 * @param statusSince when the current status began: a RESTRICTED number frees up 24 h later
 */
public record SenderState(String businessId, String senderId, QualityRating quality, SenderStatus status, Instant statusSince, Instant updatedAt) {

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
        return new SenderState(businessId, senderId, newQuality, newStatus, since, occurredAt);
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
