package io.consentgate.events.publisher;

import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A fact about one contact, as an upstream system knows it: the contact in any format the domain
 * can normalise. {@link ConsentEventPublisher} turns it into a {@code ContactEvent} with the
 * canonical contact and key.
 *
 * @param eventId    unique per fact; the same for a retried or replayed fact (see {@link EventIds})
 * @param occurredAt when it happened (capture time, message timestamp)
 * @param source     the reporting system, e.g. {@code web-signup} or {@code whatsapp-webhook}
 * @param payload    one of OptIn, OptOut, InboundMessage, MarketingPreferenceChanged,
 *                   DeliveryStatusReported, ErasureRequested, IdentityLinked
 */
public record ContactFact(String eventId, String businessId, String contact, Instant occurredAt, String source,
                          SpecificRecord payload) {

    public ContactFact {
        requireText("eventId", eventId);
        requireText("businessId", businessId);
        requireText("contact", contact);
        requireText("source", source);
        Objects.requireNonNull(occurredAt, "occurredAt of a contact fact is required");
        if (!(payload instanceof OptIn || payload instanceof OptOut || payload instanceof InboundMessage
                || payload instanceof MarketingPreferenceChanged || payload instanceof DeliveryStatusReported
                || payload instanceof ErasureRequested || payload instanceof IdentityLinked)) {
            throw new IllegalArgumentException("payload of a contact fact must be one of ContactEvent's payload records, not "
                    + (payload == null ? "null" : payload.getClass().getName()));
        }
    }

    /** The payload's record name, e.g. {@code OptIn}: the {@code type} of the published-events metric. */
    public String type() {
        return payload.getSchema().getName();
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }
}
