package io.consentgate.projector.topology;

import io.consentgate.schemas.ContactKey;
import java.time.Instant;

/**
 * Keys of the history store: {@code businessId|contact|<occurredAt millis, 13 digits>|<eventId>}.
 * Zero-padding makes the byte order the time order (13 digits last until the year 2286), so a
 * contact's history is one prefix scan, oldest first; the event id keeps facts of one instant apart
 * and makes a replay overwrite its own entry.
 */
public final class HistoryKeys {

    private HistoryKeys() {
    }

    public static String of(ContactKey contact, Instant occurredAt, String eventId) {
        return prefix(contact) + "%013d".formatted(occurredAt.toEpochMilli()) + ContactKey.SEPARATOR + eventId;
    }

    /** Every history key of the contact starts with this, and no other contact's does. */
    public static String prefix(ContactKey contact) {
        return contact.toString() + ContactKey.SEPARATOR;
    }
}
