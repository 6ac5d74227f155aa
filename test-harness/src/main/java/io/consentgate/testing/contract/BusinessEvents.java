package io.consentgate.testing.contract;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import java.time.Instant;

/** business-events records: the envelope, and the facts an approval needs. */
public final class BusinessEvents {

    private BusinessEvents() {
    }

    /** A fact of {@code businessId}, recorded the moment it occurred. */
    public static BusinessEvent event(String businessId, String eventId, Instant at, String source, Object payload) {
        return BusinessEvent.newBuilder()
                .setEventId(eventId)
                .setBusinessId(businessId)
                .setOccurredAt(at)
                .setRecordedAt(at)
                .setSource(source)
                .setPayload(payload)
                .build();
    }

    public static SenderQualityChanged senderQuality(String senderId, QualityRating rating, SenderStatus status) {
        return SenderQualityChanged.newBuilder().setSenderId(senderId).setQualityRating(rating).setStatus(status).build();
    }

    /** GREEN and CONNECTED: quality never refuses a send. */
    public static SenderQualityChanged healthySender(String senderId) {
        return senderQuality(senderId, QualityRating.GREEN, SenderStatus.CONNECTED);
    }

    /** No messaging limit: the quota never refuses a send, and the gate decides a template approval in one stage. */
    public static MessagingLimitChanged unlimited() {
        return limit(MessagingTier.TIER_UNLIMITED);
    }

    /** The business's messaging limit is {@code tier}. */
    public static MessagingLimitChanged limit(MessagingTier tier) {
        return new MessagingLimitChanged(tier);
    }

    /** A rate limit of the number (131048 spam, 130429 throughput), as the intake publishes it from a failed status. */
    public static io.consentgate.avro.SenderRateLimited senderRateLimited(String senderId, int code, String messageId) {
        return new io.consentgate.avro.SenderRateLimited(senderId, code, messageId);
    }

    /** A complete template list, as the intake publishes it from every page of a message_templates snapshot: {@code name, language, ...}. */
    public static io.consentgate.avro.TemplatesListed templatesListed(int pages, String... nameLanguagePairs) {
        java.util.List<io.consentgate.avro.ListedTemplate> listed = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < nameLanguagePairs.length; i += 2) {
            listed.add(new io.consentgate.avro.ListedTemplate(nameLanguagePairs[i], nameLanguagePairs[i + 1]));
        }
        return new io.consentgate.avro.TemplatesListed(listed, pages);
    }

    public static TemplateStatusChanged templateStatus(String name, String language, MessageCategory category, TemplateStatus status) {
        return TemplateStatusChanged.newBuilder().setTemplateName(name).setLanguage(language).setStatus(status).setCategory(category).build();
    }
}
