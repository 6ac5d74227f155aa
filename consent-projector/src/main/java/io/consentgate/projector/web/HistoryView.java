package io.consentgate.projector.web;

import io.consentgate.projector.topology.ConsentFact;
import java.util.List;

/**
 * A contact's consent history: every opt-in with its proof and every opt-out, oldest first.
 * Empty for an erased contact, whose history was deleted.
 */
public record HistoryView(String businessId, String contact, List<ConsentFact> facts) {
}
