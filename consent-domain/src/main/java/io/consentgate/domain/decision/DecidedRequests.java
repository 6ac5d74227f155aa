package io.consentgate.domain.decision;

import java.time.Instant;

/**
 * The request ids already decided for one contact, as far as the caller remembers them: the gate keeps them in its own
 * store, per contact, for its duplicate retention. {@link SendPolicy#decide} asks once a request is well formed; a
 * request id decided before is {@code DUPLICATE_REQUEST}. Which decisions take their request id:
 * {@link Decision#takesRequestId()}.
 */
@FunctionalInterface
public interface DecidedRequests {

    /** Nothing decided before: for a contact without a key, and for tests that need no duplicates. */
    DecidedRequests NONE = requestId -> null;

    /** When the request id was decided for this contact, or null if it was not (or is no longer remembered). */
    Instant decidedAt(String requestId);
}
