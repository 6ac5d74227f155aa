package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.avro.ScopeState;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * What the gate would decide for a request now, and why, read from the gate's own stores (through
 * interactive queries) by the same {@link RequestDecider} as {@code decide-requests}, changing nothing.
 * For support teams: the rule (reason or basis), the contact's state and the consent record it looked at.
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

    /**
     * The person the gate decides a request to {@code key} as (docs/identity.md): the BSUID it is linked to, read from
     * {@code contacts} (the store of the key's own partition), or the key itself.
     */
    public ContactKey person(ContactKey key, ReadOnlyKeyValueStore<String, ContactState> contacts) {
        return new ContactStates(contacts, settings.erasureHasher()).identity(key).person(key);
    }

    /**
     * Decides the request to {@code addressed} as {@code decide-requests} would if it arrived now, for the person it is
     * an identity of, with its {@code requestedAt} as its record timestamp (what a producer that stamps a record with the
     * request's time sends), or now when it has none. The stores are those of the person's partition.
     */
    public Explanation explain(ContactKey person, ContactKey addressed, SendRequest request, ReadOnlyKeyValueStore<String, ContactState> contacts,
                               ReadOnlyKeyValueStore<String, byte[]> business, ReadOnlyWindowStore<String, Long> requestIds) {
        Instant now = clock.instant();
        RequestDecider decider = new RequestDecider(policies, new ContactStates(contacts, settings.erasureHasher()), new BusinessStates(business),
                new RequestIds(requestIds, settings.duplicateRetention()));
        Instant requestTimestamp = request.getRequestedAt() != null ? request.getRequestedAt() : now;
        RequestDecider.Decided decided = decider.decide(person, addressed, request, requestTimestamp.toEpochMilli(), now);
        ContactState stored = decided.facts() == null ? null : ContactFactsAvro.toAvro(decided.facts());
        return new Explanation(decided.decision(), stored, consentRecord(stored, decided.decision()), decided.sender(), decided.template());
    }

    private static ScopeState consentRecord(ContactState state, Decision decision) {
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
     * @param sender   the sending number's quality and status the rules read (the quality policy's input); null when unknown
     * @param template the template's status and Meta's category the rules read; null when unknown or free-form
     */
    public record Explanation(Decision decision, ContactState state, ScopeState consent, SenderState sender, TemplateState template) {
    }
}
