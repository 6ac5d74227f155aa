package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.enumOf;
import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import tools.jackson.databind.JsonNode;

/**
 * {@code message_template_status_update}: a template approved, flagged, paused, disabled, ... ({@link TemplateStatusChanged}),
 * with Meta's event as the status (the gate reads FLAGGED, REINSTATED and UNPAUSED as approved), the date a FLAGGED template
 * will be disabled ({@code disable_info.disable_date}) and {@code other_info.title} (FIRST_PAUSE, SECOND_PAUSE: a pause's length).
 */
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
            // e.g. UNARCHIVED or UNLOCKED: they say nothing of the status the template returns to; UNKNOWN would read as
            // "not approved". The template keeps its last status until Meta's next event or a snapshot says more.
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
                .setDisableDate(epochSeconds(value.path("disable_info").path("disable_date")))
                .setOtherInfoTitle(text(value.path("other_info").path("title")))
                .build();
        batch.accountChange(change, changed);
    }
}
