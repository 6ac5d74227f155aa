package io.consentgate.projector.web;

import io.consentgate.projector.topology.SendDecision;
import java.util.List;

/**
 * A contact's send decisions, newest first: what the gate approved or refused, and why.
 *
 * @param contact   the canonical contact; null for an erased contact, whose decisions were deleted
 * @param decisions at most the {@code limit} asked for
 * @param more      older decisions are held beyond the limit
 */
public record DecisionsView(String businessId, String contact, List<SendDecision> decisions, boolean more) {
}
