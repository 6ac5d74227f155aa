package io.consentgate.domain.business;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import java.time.Instant;

/**
 * Review status of one template in one language, folded from {@code message_template_status_update}.
 *
 * @param category Meta's category for it, which may differ from the one a request claims; null while unknown
 */
public record TemplateState(String businessId, String name, String language, TemplateStatus status, MessageCategory category, Instant since) {

    /** The global-store key: {@code businessId|name|language}. */
    public static String storeKey(String businessId, String name, String language) {
        return businessId + '|' + name + '|' + language;
    }

    public static TemplateState from(String businessId, TemplateStatusChanged change, Instant occurredAt) {
        return new TemplateState(businessId, change.getTemplateName(), change.getLanguage(), change.getStatus(), change.getCategory(), occurredAt);
    }

    /** Newest report wins; a report without a category keeps the known one. */
    public TemplateState apply(TemplateStatusChanged change, Instant occurredAt) {
        if (occurredAt.isBefore(since)) {
            return this;
        }
        MessageCategory newCategory = change.getCategory() == null ? category : change.getCategory();
        return new TemplateState(businessId, name, language, change.getStatus(), newCategory, occurredAt);
    }
}
