package io.consentgate.projector.erasure;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.projector.ProjectorProperties;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Files a data-subject erasure as an {@link ErasureRequested} fact on contact-events, in the
 * contact's order with every other fact, and returns only once Kafka acknowledged it (acks=all).
 * The event id follows from the request id, so a retried request is one fact, applied once.
 */
@Component
public class ErasurePublisher {

    static final String SOURCE = "consent-projector-erasure-api";

    private final KafkaTemplate<String, ContactEvent> kafka;
    private final Clock clock;
    private final ProjectorProperties properties;

    public ErasurePublisher(KafkaTemplate<String, ContactEvent> kafka, Clock clock, ProjectorProperties properties) {
        this.kafka = kafka;
        this.clock = clock;
        this.properties = properties;
    }

    /** @return the published event */
    public ContactEvent publish(ContactKey contact, String requestId, String requestedBy) {
        Instant now = clock.instant();
        ContactEvent event = ContactEvent.newBuilder()
                .setEventId("erasure-" + requestId)
                .setBusinessId(contact.businessId())
                .setContact(contact.contact())
                .setOccurredAt(now)
                .setRecordedAt(now)
                .setSource(SOURCE)
                .setPayload(new ErasureRequested(requestId, requestedBy))
                .build();
        try {
            kafka.send(Topics.CONTACT_EVENTS.name(), contact.toString(), event)
                    .get(properties.erasureTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return event;
        } catch (ExecutionException | TimeoutException e) {
            throw new ErasureNotPublishedException("the erasure request " + requestId + " could not be written to Kafka ("
                    + e.getMessage() + "): nothing was erased; retry with the same requestId", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErasureNotPublishedException("interrupted before Kafka acknowledged erasure request " + requestId
                    + ": retry with the same requestId", e);
        }
    }
}
