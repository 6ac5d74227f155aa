package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code account_update} restriction events: Meta restricted the account's business-initiated messaging
 * ({@code event} ACCOUNT_RESTRICTION, {@code restriction_info[].restriction_type} RESTRICTED_BIZ_INITIATED_MESSAGING,
 * with its {@code expiration}). It becomes a RESTRICTED status of the number it names ({@code phone_number}, the
 * display form, looked up in the configured senders), so the gate refuses business-initiated sends from it until
 * the expiration. Other account_update events (violations, reviews, bans, ...) are counted as unknown.
 */
final class AccountUpdateField implements WebhookField {

    static final String RESTRICTION = "ACCOUNT_RESTRICTION";
    static final String BUSINESS_INITIATED = "RESTRICTED_BIZ_INITIATED_MESSAGING";
    /** Meta writes some dates as 2026-10-30T13:38:04+0000. */
    private static final DateTimeFormatter META_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private final Map<String, String> senders;

    /** @param senders display phone number (digits) → phone_number_id */
    AccountUpdateField(Map<String, String> senders) {
        this.senders = Map.copyOf(senders);
    }

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        String event = text(value.path("event"));
        if (!RESTRICTION.equals(event)) {
            batch.unknown("account_update.event");
            return;
        }
        JsonNode restriction = businessInitiated(value.path("restriction_info"));
        if (restriction == null) {
            batch.unknown("account_update.restriction_type");
            return;
        }
        String displayNumber = text(value.path("phone_number"));
        String digits = displayNumber == null ? null : displayNumber.replaceAll("\\D", "");
        String senderId = digits == null ? null : senders.get(digits);
        if (senderId == null) {
            batch.refuse(WebhookRefusal.UNKNOWN_SENDER, "account_update restriction of account " + change.accountId()
                    + (digits == null ? " names no phone_number" : ": add consentgate.events.whatsapp.senders." + digits + "=<phone_number_id>"));
            return;
        }
        batch.accountChange(change, SenderQualityChanged.newBuilder()
                .setSenderId(senderId)
                .setDisplayPhoneNumber(displayNumber)
                .setStatus(SenderStatus.RESTRICTED)
                .setWebhookEvent(event)
                .setRestrictedUntil(expiration(restriction.path("expiration")))
                .build());
    }

    private static JsonNode businessInitiated(JsonNode restrictions) {
        for (JsonNode restriction : restrictions) {
            if (BUSINESS_INITIATED.equals(text(restriction.path("restriction_type")))) {
                return restriction;
            }
        }
        return null;
    }

    /** Epoch seconds, or a date with an offset; null when absent or unreadable (the gate then assumes 24 h). */
    private static Instant expiration(JsonNode node) {
        Instant seconds = epochSeconds(node);
        String text = text(node);
        if (seconds != null || text == null) {
            return seconds;
        }
        try {
            return OffsetDateTime.parse(text, META_DATE).toInstant();
        } catch (DateTimeParseException notMetasForm) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
