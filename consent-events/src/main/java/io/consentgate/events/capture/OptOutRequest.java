package io.consentgate.events.capture;

import java.time.Instant;
import java.util.List;

/**
 * An opt-out from all messages (no scopes, or scope ALL) or from some scopes.
 *
 * @param method REQUEST (default), KEYWORD, STOP_PROMOTIONS_BUTTON, COMPLAINT or ADMINISTRATIVE
 */
public record OptOutRequest(
        String contact,
        List<ScopeRequest> scopes,
        String channel,
        String method,
        Instant occurredAt,
        String source,
        String evidenceRef) {
}
