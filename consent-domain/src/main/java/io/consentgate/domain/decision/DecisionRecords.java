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
        return record(request, approved, approved.limitUse() == MessagingLimitUse.COUNTED);
    }

    /**
     * A business-initiated approval on its way to the business quota, carried between the gate's stages as
     * an approved send that is not counted yet: that record has every field of the approval, and a schema.
     */
    public static ApprovedSend pendingApproval(SendRequest request, Decision.Approved approved) {
        if (approved.limitUse() != MessagingLimitUse.PENDING_QUOTA) {
            throw new IllegalStateException("request " + request.getRequestId() + " is " + approved.limitUse() + ", not waiting for the quota");
        }
        return record(request, approved, false);
    }

    /** The approval a {@link #pendingApproval} record carries, waiting for the quota's verdict. */
    public static Decision.Approved approvalOf(ApprovedSend pending) {
        return new Decision.Approved(pending.getContact(), pending.getBasis(), pending.getConsentId(), pending.getWindowClosesAt(),
                pending.getPricingCategory(), pending.getFreeBecause(), MessagingLimitUse.PENDING_QUOTA, pending.getDecidedAt());
    }

    private static ApprovedSend record(SendRequest request, Decision.Approved approved, boolean countedTowardLimit) {
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
                .setCountedTowardLimit(countedTowardLimit)
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
                .setDecidedCategory(rejected.decidedCategory())
                .build();
    }
}
