package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.events.publisher.EventIds;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** {@code user_preferences}: the person stopped or resumed marketing from one number ({@link MarketingPreferenceChanged}). */
final class UserPreferencesField implements WebhookField {

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        String businessId = change.businessId();
        String senderId = change.senderId();
        if (senderId == null) {
            batch.refuse(WebhookRefusal.NO_SENDER, "a user_preferences change of " + businessId + " has no metadata.phone_number_id");
            return;
        }
        for (JsonNode item : change.value().path("user_preferences")) {
            String category = text(item.path("category"));
            if (!"marketing_messages".equals(category)) {
                batch.unknown("user_preferences.category." + category);
                continue;
            }
            MarketingPreference preference = MetaValues.preference(text(item.path("value")));
            Instant at = epochSeconds(item.path("timestamp"));
            WebhookContact who = WebhookContact.of(text(item.path("wa_id")), text(item.path("user_id")));
            if (preference == null) {
                batch.unknown("user_preferences.value");
            } else if (at == null || who == null) {
                batch.refuse(WebhookRefusal.INVALID_USER_PREFERENCE, "a user_preferences item of " + businessId + " has no timestamp or no usable contact");
            } else {
                batch.contact(EventIds.whatsAppUserPreference(senderId, who.contact(), preference.name(), at),
                        businessId, who, at, new MarketingPreferenceChanged(senderId, preference));
            }
        }
    }
}
