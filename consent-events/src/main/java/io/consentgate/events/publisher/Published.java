package io.consentgate.events.publisher;

/**
 * An event the broker has acknowledged (acks=all): where it is.
 *
 * @param type the payload's record name, e.g. {@code OptIn}
 * @param key  the record key: {@code businessId|contact} or the businessId
 */
public record Published(String eventId, String type, String topic, String key, int partition, long offset) {
}
