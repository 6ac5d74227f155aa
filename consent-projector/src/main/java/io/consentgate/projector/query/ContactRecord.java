package io.consentgate.projector.query;

import io.consentgate.domain.state.ContactFacts;
import io.consentgate.projector.topology.ConsentFact;
import io.consentgate.projector.topology.SendDecision;
import java.util.List;

/**
 * What the projector holds about one contact.
 *
 * @param state     the state, possibly only an erased remnant; null when only send decisions are held
 *                  (the gate decided about a contact no consent event was ever recorded for)
 * @param history   consent facts, oldest first
 * @param decisions send decisions, newest first, as many as were asked for
 * @param linkedTo  for a phone number linked to a BSUID, the BSUID: the person whose state governs it (docs/identity.md)
 * @param aliases   for a BSUID, the phone numbers linked to it
 */
public record ContactRecord(ContactFacts state, List<ConsentFact> history, List<SendDecision> decisions, String linkedTo, List<String> aliases) {

    public ContactRecord {
        history = List.copyOf(history);
        decisions = List.copyOf(decisions);
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    public ContactRecord(ContactFacts state, List<ConsentFact> history, List<SendDecision> decisions) {
        this(state, history, decisions, null, List.of());
    }
}
