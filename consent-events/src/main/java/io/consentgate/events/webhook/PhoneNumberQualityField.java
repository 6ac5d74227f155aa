package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.firstNode;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code phone_number_quality_update}: a number's quality event and messaging limit ({@link SenderQualityChanged}).
 * Meta names the number only by its display form, so it is looked up in the configured senders.
 */
final class PhoneNumberQualityField implements WebhookField {

    private static final Set<String> EVENTS = Set.of("ONBOARDING", "THROUGHPUT_UPGRADE", "FLAGGED", "UNFLAGGED", "DOWNGRADE", "UPGRADE");

    private final Map<String, String> senders;

    /** @param senders display phone number (digits) → phone_number_id */
    PhoneNumberQualityField(Map<String, String> senders) {
        this.senders = Map.copyOf(senders);
    }

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        String displayNumber = text(value.path("display_phone_number"));
        String digits = displayNumber == null ? null : displayNumber.replaceAll("\\D", "");
        String senderId = digits == null ? null : senders.get(digits);
        if (senderId == null) {
            batch.refuse(WebhookRefusal.UNKNOWN_SENDER, "phone_number_quality_update for display number " + displayNumber + " of account "
                    + change.accountId() + ": add consentgate.events.whatsapp.senders." + (digits == null ? "<digits>" : digits)
                    + "=<phone_number_id>");
            return;
        }
        String event = text(value.path("event"));
        if (event != null && !EVENTS.contains(event)) {
            // Carried as Meta sent it all the same: the gate reads what it knows from webhookEvent.
            batch.unknown("phone_number_quality_update.event");
        }
        SenderQualityChanged quality = SenderQualityChanged.newBuilder()
                .setSenderId(senderId)
                .setDisplayPhoneNumber(displayNumber)
                .setStatus(switch (String.valueOf(event)) {
                    case "FLAGGED" -> SenderStatus.FLAGGED;
                    case "UNFLAGGED" -> SenderStatus.CONNECTED;
                    default -> SenderStatus.UNKNOWN;
                })
                .setWebhookEvent(event)
                .setCurrentLimit(MetaValues.tier(firstNode(value.path("max_daily_conversations_per_business"), value.path("current_limit"))))
                .build();
        batch.accountChange(change, quality);
    }
}
