package io.consentgate.events.webhook;

import java.util.Locale;

/**
 * Why a webhook item could not become an event: a closed set, so that each is counted from zero
 * ({@code consentgate_webhook_refused_total{reason}}, the tag being {@link #tag()}).
 */
public enum WebhookRefusal {
    /** A change without a field name or a value object. */
    INVALID_CHANGE,
    /** The WhatsApp Business Account is not mapped to a business. */
    UNKNOWN_ACCOUNT,
    /** A change without {@code metadata.phone_number_id}. */
    NO_SENDER,
    /** A display number not mapped to its phone_number_id (quality updates name numbers only that way). */
    UNKNOWN_SENDER,
    /** A message or status naming neither a valid phone number nor a BSUID. */
    NO_CONTACT,
    INVALID_MESSAGE,
    INVALID_STATUS,
    INVALID_USER_PREFERENCE,
    INVALID_TEMPLATE_STATUS,
    INVALID_TEMPLATE_CATEGORY,
    /** A signed delivery this instance published lately, not published twice. */
    REPLAYED_DELIVERY;

    /** The metric's tag and {@link MappedBatch.Refusal#reason()}: the name in lower case, e.g. {@code unknown_account}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
