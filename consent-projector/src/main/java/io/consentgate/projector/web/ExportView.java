package io.consentgate.projector.web;

import io.consentgate.projector.topology.ConsentFact;
import io.consentgate.projector.topology.SendDecision;
import java.time.Instant;
import java.util.List;

/**
 * A data-subject access export: everything the projector holds about the contact.
 *
 * @param state     null when only send decisions are held (no consent event was ever recorded)
 * @param history   consent facts with proof, oldest first
 * @param decisions the gate's send decisions within the retention period, newest first
 */
public record ExportView(Instant exportedAt, String heldBy, ContactView state, List<ConsentFact> history,
                         List<SendDecision> decisions) {
}
