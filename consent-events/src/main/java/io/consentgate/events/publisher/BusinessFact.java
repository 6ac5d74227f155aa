package io.consentgate.events.publisher;

import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderRateLimited;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A fact about a business, its numbers or its templates, published to {@code business-events}
 * keyed by the businessId.
 *
 * @param payload one of SenderQualityChanged, MessagingLimitChanged, TemplateStatusChanged, TemplateCategoryChanged, SenderRateLimited, TemplatesListed
 */
public record BusinessFact(String eventId, String businessId, Instant occurredAt, String source, SpecificRecord payload) {

    public BusinessFact {
        ContactFact.requireText("eventId", eventId);
        ContactFact.requireText("businessId", businessId);
        ContactFact.requireText("source", source);
        Objects.requireNonNull(occurredAt, "occurredAt of a business fact is required");
        if (!(payload instanceof SenderQualityChanged || payload instanceof MessagingLimitChanged
                || payload instanceof TemplateStatusChanged || payload instanceof TemplateCategoryChanged || payload instanceof SenderRateLimited
                || payload instanceof TemplatesListed)) {
            throw new IllegalArgumentException("payload of a business fact must be one of BusinessEvent's payload records, not "
                    + (payload == null ? "null" : payload.getClass().getName()));
        }
    }

    public String type() {
        return payload.getSchema().getName();
    }
}
