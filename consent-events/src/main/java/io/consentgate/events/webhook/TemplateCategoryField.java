package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.enumOf;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.TemplateCategoryChanged;
import tools.jackson.databind.JsonNode;

/**
 * {@code template_category_update}: Meta moved a template to another category ({@link TemplateCategoryChanged}); from
 * then on the gate applies the rules of the new category, whatever a request claims. Meta sends two shapes: a completed
 * change ({@code previous_category}, {@code new_category}) and a notice of an impending one ({@code correct_category},
 * {@code category_update_timestamp}, where {@code new_category} is still the current category). Only a completed change
 * changes the category: Meta sends one when the impending change happens.
 */
final class TemplateCategoryField implements WebhookField {

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        String template = text(value.path("message_template_name"));
        String language = text(value.path("message_template_language"));
        MessageCategory newCategory = enumOf(MessageCategory.class, text(value.path("new_category")));
        if (template == null || language == null || newCategory == null || newCategory == MessageCategory.UNKNOWN) {
            batch.refuse(WebhookRefusal.INVALID_TEMPLATE_CATEGORY, "a template_category_update of account " + change.accountId()
                    + " has no template name, language or known new_category");
            return;
        }
        if (!value.path("correct_category").isMissingNode() && value.path("previous_category").isMissingNode()) {
            batch.unknown("template_category_update.impending");
            return;
        }
        batch.accountChange(change, TemplateCategoryChanged.newBuilder()
                .setTemplateName(template)
                .setLanguage(language)
                .setTemplateId(text(value.path("message_template_id")))
                .setPreviousCategory(enumOf(MessageCategory.class, text(value.path("previous_category"))))
                .setNewCategory(newCategory)
                .build());
    }
}
