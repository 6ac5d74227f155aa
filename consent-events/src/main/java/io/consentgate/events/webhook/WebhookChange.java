package io.consentgate.events.webhook;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One change of a delivery, its account already resolved to a business.
 *
 * @param field      Meta's name of the field, e.g. {@code messages}
 * @param accountId  the WhatsApp Business Account id ({@code entry[].id})
 * @param occurredAt the entry's time, or the time of receipt when Meta gave none: the time of account changes,
 *                   which carry none of their own (messages, statuses and preferences do)
 * @param value      the change's {@code value}, always an object
 */
record WebhookChange(String field, String accountId, String businessId, Instant occurredAt, JsonNode value) {

    /** The business phone number's id ({@code metadata.phone_number_id}), or null. */
    String senderId() {
        return WebhookJson.text(value.path("metadata").path("phone_number_id"));
    }
}
