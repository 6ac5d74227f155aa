package io.consentgate.projector.web;

import java.time.Instant;

/** The answer to an erasure request: it is on contact-events (Kafka acknowledged it) and will be applied in order. */
public record ErasureAccepted(String requestId, String eventId, String businessId, String requestedBy, Instant acceptedAt) {
}
