package io.consentgate.projector.topology;

import io.consentgate.schemas.ContactKey;
import java.time.Instant;

/**
 * Keys of the decision log's two stores.
 * <ul>
 *   <li>{@value ProjectorTopology#DECISIONS_STORE}: {@code businessId|contact|<decidedAt millis, 13 digits>|<requestId>},
 *       so that a contact's decisions are one range scan in time order (as {@link HistoryKeys});</li>
 *   <li>{@value ProjectorTopology#DECISIONS_BY_TIME_STORE}: {@code <decidedAt millis, 13 digits>|businessId|contact|<requestId>},
 *       so that the decisions past the retention are one range scan from the start, whoever they are about.</li>
 * </ul>
 */
public final class DecisionKeys {

    /** Sorts after every key of a contact's decisions (they continue with a digit after the prefix). */
    private static final String AFTER_PREFIX = "~";

    private DecisionKeys() {
    }

    public static String of(ContactKey contact, Instant decidedAt, String requestId) {
        return prefix(contact) + millis(decidedAt) + ContactKey.SEPARATOR + requestId;
    }

    /** Every decision key of the contact starts with this, and no other contact's does. */
    public static String prefix(ContactKey contact) {
        return contact.toString() + ContactKey.SEPARATOR;
    }

    /** The upper bound of a (reverse) range over the contact's decisions; no key equals it. */
    public static String endOf(ContactKey contact) {
        return prefix(contact) + AFTER_PREFIX;
    }

    static String byTime(ContactKey contact, Instant decidedAt, String requestId) {
        return millis(decidedAt) + ContactKey.SEPARATOR + contact + ContactKey.SEPARATOR + requestId;
    }

    /** The upper bound of the time-index range holding exactly the decisions made before {@code instant}; no key equals it. */
    static String byTimeBefore(Instant instant) {
        return millis(instant);
    }

    /** Zero-padded: byte order is time order (13 digits last until the year 2286). */
    private static String millis(Instant instant) {
        return "%013d".formatted(instant.toEpochMilli());
    }
}
