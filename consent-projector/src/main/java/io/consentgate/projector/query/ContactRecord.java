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
 */
public record ContactRecord(ContactFacts state, List<ConsentFact> history, List<SendDecision> decisions) {

    public ContactRecord {
        history = List.copyOf(history);
        decisions = List.copyOf(decisions);
    }
}
