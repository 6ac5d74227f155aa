package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
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
        Decision decision = SendPolicy.decide(request, facts, requestIds.decidedFor(person, requestTimestamp),
                business.sender(request.getBusinessId(), request.getSenderId()), policies.of(request.getBusinessId()),
                template(request), now);
        return new Decided(decision, facts);
    }

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
     * @param decision the decision (a business-initiated approval still goes through the business quota)
     * @param facts    what the gate knew about the contact when it decided; null when nothing
     */
    record Decided(Decision decision, ContactFacts facts) {
    }
}
