package io.consentgate.domain.decision;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.FreeReason;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.domain.quota.QuotaOutcome;
import java.time.Instant;

/** The one decision every send request gets. */
public sealed interface Decision {

    Instant decidedAt();

    /**
     * Whether this decision takes the request's id, so that a retry of it is {@code DUPLICATE_REQUEST}: every decision
     * but INVALID_REQUEST (not a request yet: once fixed, it may be sent again with the same id) and DUPLICATE_REQUEST
     * (the id was taken by the first decision). The caller remembers it ({@link DecidedRequests}).
     */
    default boolean takesRequestId() {
        return !(this instanceof Rejected rejected
                && (rejected.reason() == RejectionReason.INVALID_REQUEST || rejected.reason() == RejectionReason.DUPLICATE_REQUEST));
    }

    /**
     * @param contact         the canonical contact it was decided for
     * @param consentId       the consent record that allowed it, when the basis is CONSENT
     * @param windowClosesAt  when the customer service window closes, when it is open
     * @param pricingCategory what Meta will price it as (Meta's template category when known)
     * @param freeBecause     why it is free; null when billable
     */
    record Approved(
            String contact,
            ApprovalBasis basis,
            String consentId,
            Instant windowClosesAt,
            MessageCategory pricingCategory,
            FreeReason freeBecause,
            MessagingLimitUse limitUse,
            Instant decidedAt) implements Decision {

        public boolean billable() {
            return freeBecause == null;
        }

        /** The business-keyed second stage: the quota's verdict turns a pending approval into the final decision. */
        public Decision afterQuota(QuotaOutcome outcome) {
            if (limitUse != MessagingLimitUse.PENDING_QUOTA) {
                throw new IllegalStateException("only a business-initiated approval goes through the quota, this one is " + limitUse);
            }
            return switch (outcome) {
                case QuotaOutcome.Admitted admitted -> new Approved(contact, basis, consentId, windowClosesAt, pricingCategory, freeBecause,
                        admitted.counted() ? MessagingLimitUse.COUNTED : MessagingLimitUse.NOT_COUNTED, decidedAt);
                case QuotaOutcome.Refused refused -> new Rejected(RejectionReason.TIER_LIMIT_REACHED,
                        "the business has reached its messaging limit of " + refused.limit() + " unique contacts outside a customer service"
                                + " window per moving 24 h; capacity frees at " + refused.capacityFreesAt()
                                + ", or reply once the contact writes to you",
                        refused.capacityFreesAt(), consentId, decidedAt, pricingCategory);
            };
        }
    }

    /**
     * @param detail     what a person reads: which rule, which state, what to do
     * @param retryAfter the earliest instant a retry could succeed, when waiting can help
     * @param consentId  the consent record the rule looked at, if any
     * @param decidedCategory the category whose rules decided it (Meta's current one for a template); null before the rules ran
     */
    record Rejected(RejectionReason reason, String detail, Instant retryAfter, String consentId, Instant decidedAt,
                    MessageCategory decidedCategory) implements Decision {

        /** A rejection made before any category rule ran (an invalid or duplicate request). */
        public Rejected(RejectionReason reason, String detail, Instant retryAfter, String consentId, Instant decidedAt) {
            this(reason, detail, retryAfter, consentId, decidedAt, null);
        }
    }
}
