package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.enumOf;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import tools.jackson.databind.JsonNode;

/** {@code message_template_status_update}: a template approved, paused, disabled, ... ({@link TemplateStatusChanged}). */
final class TemplateStatusField implements WebhookField {

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        String template = text(value.path("message_template_name"));
        String language = text(value.path("message_template_language"));
        TemplateStatus status = enumOf(TemplateStatus.class, text(value.path("event")));
        if (template == null || language == null) {
            batch.refuse(WebhookRefusal.INVALID_TEMPLATE_STATUS, "a message_template_status_update of account " + change.accountId()
                    + " has no template name or language");
            return;
        }
        if (status == null || status == TemplateStatus.UNKNOWN) {
            // e.g. LOCKED or UNARCHIVED: not a status the gate decides on, and UNKNOWN would read as "not approved".
            batch.unknown("message_template_status_update.event");
            return;
        }
        String reason = text(value.path("reason"));
        TemplateStatusChanged changed = TemplateStatusChanged.newBuilder()
                .setTemplateName(template)
                .setLanguage(language)
                .setTemplateId(text(value.path("message_template_id")))
                .setStatus(status)
                .setCategory(enumOf(MessageCategory.class, text(value.path("message_template_category"))))
                .setReason(reason == null || reason.equals("NONE") ? null : reason)
                .build();
        batch.accountChange(change, changed);
    }
}
