package io.consentgate.gate.topology;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.MessagingLimitUse;

/**
 * A request and the decision it got, as it travels inside the topology.
 *
 * @param requestTimestamp the request record's timestamp: decision latency is measured from it
 */
public record GateDecision(SendRequest request, Decision decision, long requestTimestamp) {

    /** A business-initiated approval: the business quota (stage 2) still has to admit it. */
    public boolean awaitsQuota() {
        return decision instanceof Decision.Approved approved && approved.limitUse() == MessagingLimitUse.PENDING_QUOTA;
    }

    /** What the message is, for metrics: the pricing category of an approval, else what the request claims. */
    public MessageCategory category() {
        if (decision instanceof Decision.Approved approved) {
            return approved.pricingCategory();
        }
        if (request.getKind() == MessageKind.FREE_FORM) {
            return MessageCategory.SERVICE;
        }
        return request.getTemplate() == null ? MessageCategory.UNKNOWN : request.getTemplate().getCategory();
    }
}
