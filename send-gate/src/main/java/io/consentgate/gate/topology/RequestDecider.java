package io.consentgate.gate.topology;

import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.MessagingLimitUse;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.domain.quota.QuotaOutcome;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.schemas.ContactKey;
import java.time.Instant;

/**
 * The one way the gate decides a request, for the stream ({@code decide-requests}, {@code decide-unroutable-requests})
 * and the explain endpoint alike: it reads what the gate knows (the contact's facts, the request ids decided for the
 * contact within the duplicate retention, the sender and template states) and hands it, with the business's policy
 * and the clock, to the core's {@link SendPolicy#decide}. It only reads: what a decision changes is written by the
 * stream ({@link SendRequestProcessor}). The same stores, request, record timestamp and clock give the same decision.
 */
final class RequestDecider {

    private final BusinessPolicies policies;
    private final ContactStates contacts;
    private final BusinessStates business;
    private final RequestIds requestIds;

    RequestDecider(BusinessPolicies policies, ContactStates contacts, BusinessStates business, RequestIds requestIds) {
        this.policies = policies;
        this.contacts = contacts;
        this.business = business;
        this.requestIds = requestIds;
    }

    /**
     * @param key              the request's canonical key
     * @param requestTimestamp the request record's timestamp: its id counts as decided before when it was decided
     *                         within the duplicate retention of this
     * @param now              the decision's time
     */
    Decided decide(ContactKey key, SendRequest request, long requestTimestamp, Instant now) {
        return decide(key, key, request, requestTimestamp, now);
    }

    /**
     * Decides a request addressed to {@code addressed} as one for the person {@code person} it is an identity of: with the
     * person's facts and the request ids decided for the person (docs/identity.md).
     */
    Decided decide(ContactKey person, ContactKey addressed, SendRequest request, long requestTimestamp, Instant now) {
        ContactFacts facts = contacts.loadAs(person, addressed);
        SenderState sender = business.sender(request.getBusinessId(), request.getSenderId());
        TemplateState template = template(request);
        Decision decision = oneOfSeveralNumbers(person, addressed)
                ? new Decision.Rejected(RejectionReason.INVALID_REQUEST, SEVERAL_NUMBERS, null, null, now)
                : SendPolicy.decide(request, facts, requestIds.decidedFor(person, requestTimestamp), sender, policies.of(request.getBusinessId()),
                        template, now);
        return new Decided(finalWithoutLimit(decision, request.getBusinessId()), facts, sender, template);
    }

    /**
     * A business-initiated approval for a business without a messaging limit is final here: the quota would admit it
     * without counting anything (the same tier read from the same global store), so it skips the quota stage and its
     * repartition, and the request is decided in one transaction instead of two (docs/decisions.md, issue 17).
     */
    private Decision finalWithoutLimit(Decision decision, String businessId) {
        if (decision instanceof Decision.Approved approved && approved.limitUse() == MessagingLimitUse.PENDING_QUOTA
                && !BusinessQuota.tracks(business.limit(businessId).tier())) {
            return approved.afterQuota(new QuotaOutcome.Admitted(false));
        }
        return decision;
    }

    /**
     * A request to one of several phone numbers linked to one person is decided without waiting for the other numbers'
     * events (only a request to the person's BSUID visits them all): the gate cannot tell what governs it, so it refuses
     * (fail closed).
     */
    private boolean oneOfSeveralNumbers(ContactKey person, ContactKey addressed) {
        return !person.equals(addressed) && contacts.identity(person).aliases().stream().anyMatch(alias -> !alias.equals(addressed.contact()));
    }

    static final String SEVERAL_NUMBERS = "this phone number is one of several linked to one person: address the request to the person's BSUID,"
            + " which waits for every number's events (refused rather than decided without them)";

    /** A request whose business or contact cannot form a key belongs to no contact: nothing is known about it (INVALID_REQUEST). */
    static Decision decideWithoutKey(SendRequest request, BusinessPolicies policies, Instant now) {
        String businessId = request.getBusinessId();
        BusinessPolicy policy = businessId == null || businessId.isBlank() ? BusinessPolicy.DEFAULTS : policies.of(businessId);
        return SendPolicy.decide(request, null, DecidedRequests.NONE, null, policy, null, now);
    }

    private TemplateState template(SendRequest request) {
        TemplateRef template = request.getTemplate();
        return template == null || template.getName() == null || template.getLanguage() == null ? null
                : business.template(request.getBusinessId(), template.getName(), template.getLanguage());
    }

    /**
     * @param decision the decision (a business-initiated approval for a business with a messaging limit still goes
     *                 through the business quota)
     * @param facts    what the gate knew about the contact when it decided; null when nothing
     * @param sender   what it knew about the sending number (quality, status); null when nothing
     * @param template what it knew about the template (status, Meta's category); null when nothing or free-form
     */
    record Decided(Decision decision, ContactFacts facts, SenderState sender, TemplateState template) {
    }
}
