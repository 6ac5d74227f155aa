package io.consentgate.projector.query;

import io.consentgate.domain.state.ContactState;
import io.consentgate.projector.topology.ConsentFact;
import java.util.List;

/** Everything the projector holds about one contact: the state (possibly only an erased remnant) and its history. */
public record ContactRecord(ContactState state, List<ConsentFact> history) {

    public ContactRecord {
        history = List.copyOf(history);
    }
}
