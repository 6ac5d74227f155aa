package io.consentgate.gate.topology;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.MessagingLimitUse;

/**
 * A business-initiated approval on its way to the business quota (stage 2), carried through the
 * repartition topic {@value GateTopology#QUOTA_REPARTITION} as an {@link ApprovedSend} that is not
 * counted yet: that record has every field of the approval, and its schema is in the registry.
 */
final class PendingApprovals {

    private PendingApprovals() {
    }

    static ApprovedSend toAvro(GateDecision pending) {
        Decision.Approved approved = (Decision.Approved) pending.decision();
        return ApprovedSend.newBuilder()
                .setRequest(pending.request())
                .setContact(approved.contact())
                .setDecidedAt(approved.decidedAt())
                .setBasis(approved.basis())
                .setConsentId(approved.consentId())
                .setWindowClosesAt(approved.windowClosesAt())
                .setPricingCategory(approved.pricingCategory())
                .setBillable(approved.billable())
                .setFreeBecause(approved.freeBecause())
                .setCountedTowardLimit(false)
                .build();
    }

    static Decision.Approved fromAvro(ApprovedSend pending) {
        return new Decision.Approved(pending.getContact(), pending.getBasis(), pending.getConsentId(), pending.getWindowClosesAt(),
                pending.getPricingCategory(), pending.getFreeBecause(), MessagingLimitUse.PENDING_QUOTA, pending.getDecidedAt());
    }
}
