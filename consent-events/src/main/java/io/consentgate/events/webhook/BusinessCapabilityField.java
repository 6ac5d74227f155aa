package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.firstNode;

import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import tools.jackson.databind.JsonNode;

/** {@code business_capability_update}: the account's messaging limit ({@link MessagingLimitChanged}); other capabilities are not used. */
final class BusinessCapabilityField implements WebhookField {

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        JsonNode limit = firstNode(value.path("max_daily_conversations_per_business"), value.path("max_daily_conversation_per_phone"));
        if (limit.isMissingNode()) {
            return; // a change of other capabilities (e.g. phone numbers per WABA): nothing the gate uses
        }
        MessagingTier tier = MetaValues.tier(limit);
        if (tier == null) {
            batch.unknown("business_capability_update.tier");
            return;
        }
        batch.accountChange(change, new MessagingLimitChanged(tier));
    }
}
