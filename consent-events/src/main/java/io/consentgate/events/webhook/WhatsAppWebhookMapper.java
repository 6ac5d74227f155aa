package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.text;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Turns a WhatsApp Business Account webhook delivery (Meta's documented shapes) into contact and business
 * facts. Pure: no I/O, no Spring. Never throws on content: what it does not know is listed as unknown, what it
 * cannot use is listed as refused, and the rest of the batch goes on.
 *
 * <p>This class walks the delivery and resolves each change's account to a business; what a change means is
 * the job of its field's {@link WebhookField}. Event ids are named after Meta's own ids (the wamid and the
 * status, ...) or, where an item has none, after its content ({@link io.consentgate.events.publisher.EventIds}),
 * so a delivery Meta repeats publishes the same ids and is folded once.
 */
public final class WhatsAppWebhookMapper {

    public static final String SOURCE = "whatsapp-webhook";

    private final Map<String, String> accounts;
    private final Map<String, WebhookField> fields;
    private final Clock clock;

    /**
     * @param accounts WABA id or phone_number_id → businessId
     * @param senders  display phone number (digits) → phone_number_id
     */
    public WhatsAppWebhookMapper(Map<String, String> accounts, Map<String, String> senders, Clock clock) {
        this.accounts = Map.copyOf(accounts);
        this.fields = knownFields(senders);
        this.clock = clock;
    }

    /** The fields this version understands, by Meta's name: to understand one more, add its {@link WebhookField} here. */
    static Map<String, WebhookField> knownFields(Map<String, String> senders) {
        return Map.of(
                "messages", new MessagesField(),
                "user_preferences", new UserPreferencesField(),
                "phone_number_quality_update", new PhoneNumberQualityField(senders),
                "business_capability_update", new BusinessCapabilityField(),
                "message_template_status_update", new TemplateStatusField(),
                "template_category_update", new TemplateCategoryField(),
                "account_update", new AccountUpdateField(senders),
                "calls", new CallsField());
    }

    public MappedBatch map(JsonNode delivery) {
        BatchBuilder batch = new BatchBuilder();
        if (!"whatsapp_business_account".equals(text(delivery.path("object")))) {
            batch.unknown("object");
            return batch.result();
        }
        for (JsonNode entry : delivery.path("entry")) {
            String accountId = text(entry.path("id"));
            Instant entryTime = epochSeconds(entry.path("time"));
            for (JsonNode change : entry.path("changes")) {
                mapChange(batch, accountId, entryTime, change);
            }
        }
        return batch.result();
    }

    private void mapChange(BatchBuilder batch, String accountId, Instant entryTime, JsonNode change) {
        String field = text(change.path("field"));
        JsonNode value = change.path("value");
        if (field == null || !value.isObject()) {
            batch.refuse(WebhookRefusal.INVALID_CHANGE, "a change of account " + accountId + " has no field or no value object");
            return;
        }
        String businessId = businessOf(accountId, text(value.path("metadata").path("phone_number_id")));
        if (businessId == null) {
            batch.refuse(WebhookRefusal.UNKNOWN_ACCOUNT, "account " + accountId + " is not configured: add consentgate.events.whatsapp.accounts."
                    + accountId + "=<businessId>");
            return;
        }
        WebhookField mapper = fields.get(field);
        if (mapper == null) {
            batch.unknown("field." + field);
            return;
        }
        mapper.map(new WebhookChange(field, accountId, businessId, entryTime == null ? clock.instant() : entryTime, value), batch);
    }

    private String businessOf(String accountId, String phoneNumberId) {
        String business = accountId == null ? null : accounts.get(accountId);
        return business != null || phoneNumberId == null ? business : accounts.get(phoneNumberId);
    }
}
