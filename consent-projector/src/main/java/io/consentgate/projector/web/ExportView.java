package io.consentgate.projector.web;

import io.consentgate.projector.topology.ConsentFact;
import java.time.Instant;
import java.util.List;

/**
 * A data-subject access export: everything the projector holds about the contact. Send decisions
 * are not held here: they are on the gate's topics (approved-sends, send-rejections).
 */
public record ExportView(Instant exportedAt, String heldBy, ContactView state, List<ConsentFact> history) {
}
