package io.consentgate.events.capture;

import io.consentgate.events.publisher.EventIds;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A retried call with the same {@code Idempotency-Key} publishes the same event id, and consumers fold
 * each event id once: so a retry after a timeout or a 503 records once. Without the header every call
 * is a new fact.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private IdempotencyKeys() {
    }

    static String eventId(String businessId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return EventIds.random();
        }
        return EventIds.forIdempotencyKey(businessId, requireValid(idempotencyKey));
    }

    /** Line {@code n} of an import sent with an Idempotency-Key: {@code <key>#<n>}. */
    static String eventIdOfLine(String businessId, String idempotencyKey, long line) {
        return idempotencyKey == null ? EventIds.random() : EventIds.forIdempotencyKey(businessId, requireValid(idempotencyKey) + "#" + line);
    }

    /** The key, refused with a 400 unless it is 1 to 255 visible ASCII characters; null when absent. */
    static String requireValid(String key) {
        if (key != null && !VALID.matcher(key).matches()) {
            throw new InvalidRequestException("the Idempotency-Key header is not valid",
                    List.of(new FieldProblem(HEADER, "must be 1 to 255 visible ASCII characters, e.g. a UUID")));
        }
        return key;
    }
}
