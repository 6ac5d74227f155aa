package io.consentgate.gate.topology;

import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.ScopeState;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactState;
import io.consentgate.domain.state.ContactStateAvro;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * What the gate would decide for a request now, and why, read from the gate's own stores (through
 * interactive queries) with the same rules as {@code decide-requests}, changing nothing. For support
 * teams: the rule (reason or basis), the contact's state and the consent record it looked at.
 */
public final class DecisionExplainer {

    private final GateSettings settings;
    private final BusinessPolicies policies;
    private final Clock clock;

    public DecisionExplainer(GateSettings settings, BusinessPolicies policies, Clock clock) {
        this.settings = settings;
        this.policies = policies;
        this.clock = clock;
    }

    /** The key the gate decides the request under, or null when its contact cannot be made canonical. */
    public ContactKey contactKey(SendRequest request) {
        return RequestKeys.canonicalKey(request, policies);
    }

    public Explanation explain(ContactKey key, SendRequest request, ReadOnlyKeyValueStore<String, io.consentgate.avro.ContactState> contacts,
                               ReadOnlyKeyValueStore<String, byte[]> business, ReadOnlyWindowStore<String, Long> requestIds) {
        Instant now = clock.instant();
        ContactState state = new ContactStates(contacts, settings.erasureHasher()).load(key);
        io.consentgate.avro.ContactState stored = state == null ? null : ContactStateAvro.toAvro(state);
        Instant decidedBefore = request.getRequestId() == null ? null
                : new RequestIds(requestIds, settings.duplicateRetention()).decidedAt(key, request.getRequestId(), now.toEpochMilli());
        Decision decision = decidedBefore != null
                ? new Decision.Rejected(RejectionReason.DUPLICATE_REQUEST, "request " + request.getRequestId()
                        + " for this contact was decided at " + decidedBefore, null, null, now)
                : decide(request, state, new BusinessStates(business), now);
        return new Explanation(decision, stored, consentRecord(stored, decision));
    }

    private Decision decide(SendRequest request, ContactState state, BusinessStates businessStates, Instant now) {
        return SendPolicy.decide(request, state, businessStates.sender(request.getBusinessId(), request.getSenderId()),
                policies.of(request.getBusinessId()), SendRequestProcessor.template(request, businessStates), now);
    }

    private static ScopeState consentRecord(io.consentgate.avro.ContactState state, Decision decision) {
        String consentId = switch (decision) {
            case Decision.Approved approved -> approved.consentId();
            case Decision.Rejected rejected -> rejected.consentId();
        };
        if (state == null || consentId == null) {
            return null;
        }
        return state.getScopes().stream().filter(scope -> consentId.equals(scope.getConsentId())).findFirst().orElse(null);
    }

    /**
     * @param decision what the gate would decide now (a business-initiated approval still goes through the business quota)
     * @param state    the contact's state it looked at, as the contract's ContactState; null when the gate knows nothing of the contact
     * @param consent  the consent record the rule looked at, if any
     */
    public record Explanation(Decision decision, io.consentgate.avro.ContactState state, ScopeState consent) {
    }
}
