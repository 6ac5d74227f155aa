package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.firstText;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.Referral;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.events.publisher.EventIds;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code messages[]} of a messages change: each becomes an {@link InboundMessage} (the person writing opens the
 * service window; the text itself is never published, only its keyword candidate), except the system notice
 * {@code user_preference_changed}, which is a {@link MarketingPreferenceChanged}. Named by the wamid.
 */
final class InboundMessages {

    private static final Set<String> MESSAGE = Set.of("from", "from_user_id", "from_parent_user_id", "id", "timestamp", "type",
            "context", "referral", "errors", "identity", "text", "button", "interactive", "image", "audio", "video", "document",
            "sticker", "location", "contacts", "reaction", "order", "system", "unsupported");

    private InboundMessages() {
    }

    /** @param onlyContact the change's contacts[] entry when there is exactly one, else null */
    static void map(BatchBuilder batch, String businessId, String senderId, JsonNode message, JsonNode onlyContact) {
        batch.unknownProperties("message", message, MESSAGE);
        String messageId = text(message.path("id"));
        Instant at = epochSeconds(message.path("timestamp"));
        if (messageId == null || at == null) {
            batch.refuse(WebhookRefusal.INVALID_MESSAGE, "an inbound message of " + businessId + " has no id or timestamp");
            return;
        }
        String phone = firstText(message.path("from"), onlyContact == null ? null : onlyContact.path("wa_id"));
        String bsuid = firstText(message.path("from_user_id"), onlyContact == null ? null : onlyContact.path("user_id"));
        WebhookContact who = WebhookContact.of(phone, bsuid);
        if (who == null) {
            batch.refuse(WebhookRefusal.NO_CONTACT, "inbound message " + messageId + " has neither a valid phone number nor a BSUID");
            return;
        }
        String type = text(message.path("type"));
        if ("system".equals(type)) {
            systemMessage(batch, businessId, senderId, messageId, at, who, message.path("system"));
            return;
        }
        InboundMessage.Builder inbound = InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setSenderId(senderId)
                .setType(messageType(batch, type))
                .setPhone(who.phone())
                .setBsuid(who.bsuid())
                .setReferral(referral(message.path("referral")));
        switch (type == null ? "" : type) {
            case "text" -> inbound.setKeywordCandidate(KeywordNormalizer.keywordCandidate(text(message.path("text").path("body"))));
            case "button" -> inbound.setButtonPayload(text(message.path("button").path("payload")))
                    .setButtonText(text(message.path("button").path("text")));
            case "interactive" -> {
                // button_reply and list_reply carry the chosen option's id and title under their own name
                String replyType = text(message.path("interactive").path("type"));
                JsonNode reply = message.path("interactive").path(replyType == null ? "" : replyType);
                inbound.setButtonPayload(text(reply.path("id"))).setButtonText(text(reply.path("title")));
            }
            default -> {
            }
        }
        batch.contact(EventIds.whatsAppMessage(messageId), businessId, who, at, inbound.build());
    }

    /** Only the marketing preference is a fact about the contact; other system notices are not the person writing. */
    private static void systemMessage(BatchBuilder batch, String businessId, String senderId, String messageId, Instant at,
                                      WebhookContact who, JsonNode system) {
        if (!"user_preference_changed".equals(text(system.path("type")))) {
            batch.unknown("message_type.system." + text(system.path("type")));
            return;
        }
        MarketingPreference preference = MetaValues.preference(text(system.path("marketing")));
        if (preference == null) {
            batch.unknown("user_preference_changed.marketing");
            return;
        }
        batch.contact(EventIds.whatsAppMessage(messageId), businessId, who, at, new MarketingPreferenceChanged(senderId, preference));
    }

    private static InboundMessageType messageType(BatchBuilder batch, String type) {
        try {
            return InboundMessageType.valueOf(String.valueOf(type).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // e.g. "unsupported" or a type Meta adds later: still the person writing, so it opens the window.
            batch.unknown("message_type." + type);
            return InboundMessageType.UNKNOWN;
        }
    }

    private static Referral referral(JsonNode referral) {
        if (!referral.isObject()) {
            return null;
        }
        String sourceType = text(referral.path("source_type"));
        return new Referral(sourceType == null ? "unknown" : sourceType, text(referral.path("source_id")), text(referral.path("ctwa_clid")));
    }
}
