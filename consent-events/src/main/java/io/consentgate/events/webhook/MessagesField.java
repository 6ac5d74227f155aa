package io.consentgate.events.webhook;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code messages}: what people sent ({@link InboundMessages}) and what became of what was sent to them ({@link MessageStatuses}). */
final class MessagesField implements WebhookField {

    private static final Set<String> VALUE = Set.of("messaging_product", "metadata", "contacts", "messages", "statuses", "errors");

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        batch.unknownProperties("messages", value, VALUE);
        String senderId = change.senderId();
        if (senderId == null) {
            batch.refuse(WebhookRefusal.NO_SENDER, "a messages change of " + change.businessId() + " has no metadata.phone_number_id");
            return;
        }
        // contacts[] names who wrote; only a single entry surely belongs to every message of the change.
        JsonNode contacts = value.path("contacts");
        JsonNode onlyContact = contacts.size() == 1 ? contacts.get(0) : null;
        for (JsonNode message : value.path("messages")) {
            InboundMessages.map(batch, change.businessId(), senderId, message, onlyContact);
        }
        for (JsonNode status : value.path("statuses")) {
            MessageStatuses.map(batch, change.businessId(), senderId, status);
        }
    }
}
