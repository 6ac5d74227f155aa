package io.consentgate.events.capture;

import io.consentgate.events.publisher.Published;

/**
 * The answer to a recorded opt-in or opt-out: Kafka has acknowledged it.
 *
 * @param contact the canonical contact it was recorded for
 * @param key     its record key on {@code contact-events}
 */
public record Recorded(String eventId, String type, String contact, String key) {

    static Recorded of(Published published) {
        return new Recorded(published.eventId(), published.type(), published.key().substring(published.key().indexOf('|') + 1),
                published.key());
    }
}
