package io.consentgate.domain.decision;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;

/** The records the gate writes for a decision: one approved send or one rejection per request. */
public final class DecisionRecords {

    private DecisionRecords() {
    }

    /** @throws IllegalStateException for a business-initiated approval the quota has not yet admitted */
    public static ApprovedSend approvedSend(SendRequest request, Decision.Approved approved) {
        if (approved.limitUse() == MessagingLimitUse.PENDING_QUOTA) {
            throw new IllegalStateException("request " + request.getRequestId() + " is business-initiated: pass it through the business quota first");
        }
        return ApprovedSend.newBuilder()
                .setRequest(request)
                .setContact(approved.contact())
                .setDecidedAt(approved.decidedAt())
                .setBasis(approved.basis())
                .setConsentId(approved.consentId())
                .setWindowClosesAt(approved.windowClosesAt())
                .setPricingCategory(approved.pricingCategory())
                .setBillable(approved.billable())
                .setFreeBecause(approved.freeBecause())
                .setCountedTowardLimit(approved.limitUse() == MessagingLimitUse.COUNTED)
                .build();
    }

    public static SendRejection sendRejection(SendRequest request, Decision.Rejected rejected) {
        return SendRejection.newBuilder()
                .setRequest(request)
                .setDecidedAt(rejected.decidedAt())
                .setReason(rejected.reason())
                .setDetail(rejected.detail())
                .setRetryAfter(rejected.retryAfter())
                .setConsentId(rejected.consentId())
                .build();
    }
}
