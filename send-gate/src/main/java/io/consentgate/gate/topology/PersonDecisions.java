package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
import java.time.Instant;

/**
 * Decides a request for the person it is addressed to (its own contact, or the person that contact is an identity
 * of: docs/identity.md) and records what the decision changes under the person: its request id, so that a retry
 * under either identity is a duplicate, and an approved send of a capped category, so that the caps count the
 * person's sends.
 */
final class PersonDecisions {

    private final ContactFactsFold fold;
    private final Clock clock;
    private final ContactStates contactStates;
    private final RequestIds requestIds;
    private final RequestDecider decider;

    PersonDecisions(ContactFactsFold fold, Clock clock, ContactStates contactStates, RequestIds requestIds, RequestDecider decider) {
        this.fold = fold;
        this.clock = clock;
        this.contactStates = contactStates;
        this.requestIds = requestIds;
        this.decider = decider;
    }

    GateDecision decide(ContactKey person, PendingRequest pending) {
        ContactKey addressed = ContactKey.parse(pending.key());
        Instant now = clock.instant();
        RequestDecider.Decided decided = decider.decide(person, addressed, pending.request(), pending.timestamp(), now);
        record(person, pending, decided.decision(), now);
        return new GateDecision(pending.request(), decided.decision(), pending.timestamp());
    }

    private void record(ContactKey person, PendingRequest pending, Decision decision, Instant now) {
        if (!decision.takesRequestId()) {
            return;
        }
        SendRequest request = pending.request();
        requestIds.remember(person, request.getRequestId(), pending.timestamp(), now);
        if (decision instanceof Decision.Approved approved) {
            ContactFacts before = contactStates.load(person);
            ContactFacts known = before != null ? before : ContactFacts.empty(request.getBusinessId(), ContactIdentity.ofCanonical(person.contact()));
            ContactFacts after = fold.recordSend(known, approved.pricingCategory(), now);
            if (request.getConfirmsOptOut() != null) {
                // The one confirmation of that opt-out is taken, in the same transaction as the decision: a second is refused.
                // Taken at approval: should the messaging limit then refuse it, it is not offered again (at most one).
                after = fold.recordConfirmation(after, request.getConfirmsOptOut(), request.getRequestId(), now);
            }
            if (after != known) {
                contactStates.save(person, before, after);
            }
        }
    }
}
