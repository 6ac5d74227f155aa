package io.consentgate.events.webhook;

import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.Referral;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.events.publisher.EventIds;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;

/**
 * Turns a WhatsApp Business Account webhook delivery (Meta's documented shapes) into contact and
 * business facts. Pure: no I/O, no Spring. Never throws on content: what it does not know is listed
 * as unknown, what it cannot use is listed as refused, and the rest of the batch goes on.
 *
 * <p>Event ids are named after Meta's own ids (the wamid and the status, the template id and event,
 * ...), so a delivery Meta repeats publishes the same ids and is folded once.
 */
public final class WhatsAppWebhookMapper {

    public static final String SOURCE = "whatsapp-webhook";

    private static final Set<String> MESSAGES_VALUE = Set.of("messaging_product", "metadata", "contacts", "messages", "statuses", "errors");
    private static final Set<String> MESSAGE = Set.of("from", "from_user_id", "from_parent_user_id", "id", "timestamp", "type",
            "context", "referral", "errors", "identity", "text", "button", "interactive", "image", "audio", "video", "document",
            "sticker", "location", "contacts", "reaction", "order", "system", "unsupported");
    private static final Set<String> STATUS = Set.of("id", "status", "timestamp", "recipient_id", "recipient_user_id",
            "recipient_parent_user_id", "recipient_type", "recipient_participant_id", "recipient_identity_key_hash",
            "recipient_logical_id", "biz_opaque_callback_data", "conversation", "pricing", "errors");
    private static final Set<String> QUALITY_EVENTS = Set.of("ONBOARDING", "THROUGHPUT_UPGRADE", "FLAGGED", "UNFLAGGED", "DOWNGRADE", "UPGRADE");

    private final Map<String, String> accounts;
    private final Map<String, String> senders;
    private final Clock clock;

    /**
     * @param accounts WABA id or phone_number_id → businessId
     * @param senders  display phone number (digits) → phone_number_id
     */
    public WhatsAppWebhookMapper(Map<String, String> accounts, Map<String, String> senders, Clock clock) {
        this.accounts = Map.copyOf(accounts);
        this.senders = Map.copyOf(senders);
        this.clock = clock;
    }

    public MappedBatch map(JsonNode delivery) {
        Batch batch = new Batch();
        if (!"whatsapp_business_account".equals(text(delivery.path("object")))) {
            batch.unknown.add("object");
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

    private void mapChange(Batch batch, String accountId, Instant entryTime, JsonNode change) {
        String field = text(change.path("field"));
        JsonNode value = change.path("value");
        if (field == null || !value.isObject()) {
            batch.refuse("invalid_change", "a change of account " + accountId + " has no field or no value object");
            return;
        }
        String businessId = businessOf(accountId, text(value.path("metadata").path("phone_number_id")));
        if (businessId == null) {
            batch.refuse("unknown_account", "account " + accountId + " is not configured: add consentgate.events.whatsapp.accounts."
                    + accountId + "=<businessId>");
            return;
        }
        Instant occurredAt = entryTime == null ? clock.instant() : entryTime;
        switch (field) {
            case "messages" -> messages(batch, businessId, value);
            case "user_preferences" -> userPreferences(batch, businessId, value);
            case "phone_number_quality_update" -> qualityUpdate(batch, businessId, accountId, occurredAt, value);
            case "business_capability_update" -> capabilityUpdate(batch, businessId, accountId, occurredAt, value);
            case "message_template_status_update" -> templateStatus(batch, businessId, accountId, occurredAt, value);
            default -> batch.unknown.add("field." + field);
        }
    }

    private String businessOf(String accountId, String phoneNumberId) {
        String business = accountId == null ? null : accounts.get(accountId);
        return business != null || phoneNumberId == null ? business : accounts.get(phoneNumberId);
    }

    // messages: inbound messages and statuses of sent ones

    private void messages(Batch batch, String businessId, JsonNode value) {
        unknownProperties(batch, "messages", value, MESSAGES_VALUE);
        String senderId = text(value.path("metadata").path("phone_number_id"));
        if (senderId == null) {
            batch.refuse("no_sender", "a messages change of " + businessId + " has no metadata.phone_number_id");
            return;
        }
        JsonNode contacts = value.path("contacts");
        JsonNode onlyContact = contacts.size() == 1 ? contacts.get(0) : null;
        for (JsonNode message : value.path("messages")) {
            inbound(batch, businessId, senderId, message, onlyContact);
        }
        for (JsonNode status : value.path("statuses")) {
            status(batch, businessId, senderId, status);
        }
    }

    private void inbound(Batch batch, String businessId, String senderId, JsonNode message, JsonNode onlyContact) {
        unknownProperties(batch, "message", message, MESSAGE);
        String messageId = text(message.path("id"));
        Instant at = epochSeconds(message.path("timestamp"));
        if (messageId == null || at == null) {
            batch.refuse("invalid_message", "an inbound message of " + businessId + " has no id or timestamp");
            return;
        }
        String phone = firstText(message.path("from"), onlyContact == null ? null : onlyContact.path("wa_id"));
        String bsuid = firstText(message.path("from_user_id"), onlyContact == null ? null : onlyContact.path("user_id"));
        Identified who = identify(phone, bsuid);
        if (who == null) {
            batch.refuse("no_contact", "inbound message " + messageId + " has neither a valid phone number nor a BSUID");
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
        batch.contact(EventIds.named("whatsapp|message|" + messageId), businessId, who.contact(), at, inbound.build());
    }

    /** Only the marketing preference is a fact about the contact; other system notices are not the person writing. */
    private void systemMessage(Batch batch, String businessId, String senderId, String messageId, Instant at, Identified who,
                               JsonNode system) {
        if (!"user_preference_changed".equals(text(system.path("type")))) {
            batch.unknown.add("message_type.system." + text(system.path("type")));
            return;
        }
        MarketingPreference preference = preference(text(system.path("marketing")));
        if (preference == null) {
            batch.unknown.add("user_preference_changed.marketing");
            return;
        }
        batch.contact(EventIds.named("whatsapp|message|" + messageId), businessId, who.contact(), at,
                new MarketingPreferenceChanged(senderId, preference));
    }

    private InboundMessageType messageType(Batch batch, String type) {
        try {
            return InboundMessageType.valueOf(String.valueOf(type).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            // e.g. "unsupported" or a type Meta adds later: still the person writing, so it opens the window.
            batch.unknown.add("message_type." + type);
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

    private void status(Batch batch, String businessId, String senderId, JsonNode status) {
        unknownProperties(batch, "status", status, STATUS);
        String messageId = text(status.path("id"));
        String name = text(status.path("status"));
        Instant at = epochSeconds(status.path("timestamp"));
        if (messageId == null || name == null || at == null) {
            batch.refuse("invalid_status", "a status of " + businessId + " has no id, status or timestamp");
            return;
        }
        DeliveryStatus deliveryStatus = switch (name) {
            case "sent" -> DeliveryStatus.SENT;
            case "delivered" -> DeliveryStatus.DELIVERED;
            case "read" -> DeliveryStatus.READ;
            case "failed" -> DeliveryStatus.FAILED;
            case "deleted" -> DeliveryStatus.DELETED;
            default -> null;
        };
        if (deliveryStatus == null) {
            batch.unknown.add("status." + name);
            return;
        }
        Identified who = identify(text(status.path("recipient_id")), text(status.path("recipient_user_id")));
        if (who == null) {
            batch.refuse("no_contact", "status " + name + " of " + messageId + " has neither a valid phone number nor a BSUID");
            return;
        }
        List<Integer> errorCodes = new ArrayList<>();
        for (JsonNode error : status.path("errors")) {
            if (error.path("code").canConvertToInt()) {
                errorCodes.add(error.path("code").asInt());
            }
        }
        DeliveryStatusReported reported = DeliveryStatusReported.newBuilder()
                .setSenderId(senderId)
                .setMessageId(messageId)
                .setStatus(deliveryStatus)
                .setErrorCodes(errorCodes)
                .setRequestId(text(status.path("biz_opaque_callback_data")))
                .setPricingCategory(text(status.path("pricing").path("category")))
                .build();
        batch.contact(EventIds.named("whatsapp|status|" + messageId + "|" + name), businessId, who.contact(), at, reported);
    }

    // user_preferences: the person stopped or resumed marketing from one number

    private void userPreferences(Batch batch, String businessId, JsonNode value) {
        String senderId = text(value.path("metadata").path("phone_number_id"));
        if (senderId == null) {
            batch.refuse("no_sender", "a user_preferences change of " + businessId + " has no metadata.phone_number_id");
            return;
        }
        for (JsonNode change : value.path("user_preferences")) {
            String category = text(change.path("category"));
            if (!"marketing_messages".equals(category)) {
                batch.unknown.add("user_preferences.category." + category);
                continue;
            }
            MarketingPreference preference = preference(text(change.path("value")));
            Instant at = epochSeconds(change.path("timestamp"));
            Identified who = identify(text(change.path("wa_id")), text(change.path("user_id")));
            if (preference == null) {
                batch.unknown.add("user_preferences.value");
            } else if (at == null || who == null) {
                batch.refuse("invalid_user_preference", "a user_preferences item of " + businessId + " has no timestamp or no usable contact");
            } else {
                batch.contact(EventIds.named("whatsapp|user_preferences|" + senderId + "|" + who.contact() + "|" + preference + "|" + at),
                        businessId, who.contact(), at, new MarketingPreferenceChanged(senderId, preference));
            }
        }
    }

    private static MarketingPreference preference(String value) {
        return switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
            case "stop" -> MarketingPreference.STOP;
            case "resume" -> MarketingPreference.RESUME;
            default -> null;
        };
    }

    // business facts: quality, messaging limit, template status

    private void qualityUpdate(Batch batch, String businessId, String accountId, Instant at, JsonNode value) {
        String displayNumber = text(value.path("display_phone_number"));
        String senderId = displayNumber == null ? null : senders.get(displayNumber.replaceAll("\\D", ""));
        if (senderId == null) {
            batch.refuse("unknown_sender", "phone_number_quality_update for display number " + displayNumber + " of account " + accountId
                    + ": add consentgate.events.whatsapp.senders." + (displayNumber == null ? "<digits>" : displayNumber.replaceAll("\\D", ""))
                    + "=<phone_number_id>");
            return;
        }
        String event = text(value.path("event"));
        if (event != null && !QUALITY_EVENTS.contains(event)) {
            // Carried as Meta sent it all the same: the gate reads what it knows from webhookEvent.
            batch.unknown.add("phone_number_quality_update.event");
        }
        SenderQualityChanged quality = SenderQualityChanged.newBuilder()
                .setSenderId(senderId)
                .setDisplayPhoneNumber(displayNumber)
                .setStatus(switch (String.valueOf(event)) {
                    case "FLAGGED" -> SenderStatus.FLAGGED;
                    case "UNFLAGGED" -> SenderStatus.CONNECTED;
                    default -> SenderStatus.UNKNOWN;
                })
                .setWebhookEvent(event)
                .setCurrentLimit(tier(firstNode(value.path("max_daily_conversations_per_business"), value.path("current_limit"))))
                .build();
        batch.business(businessFactId("phone_number_quality_update", accountId, at, value), businessId, at, quality);
    }

    private void capabilityUpdate(Batch batch, String businessId, String accountId, Instant at, JsonNode value) {
        JsonNode limit = firstNode(value.path("max_daily_conversations_per_business"), value.path("max_daily_conversation_per_phone"));
        if (limit.isMissingNode()) {
            return; // a change of other capabilities (e.g. phone numbers per WABA): nothing the gate uses
        }
        MessagingTier tier = tier(limit);
        if (tier == null) {
            batch.unknown.add("business_capability_update.tier");
            return;
        }
        batch.business(businessFactId("business_capability_update", accountId, at, value), businessId, at, new MessagingLimitChanged(tier));
    }

    private void templateStatus(Batch batch, String businessId, String accountId, Instant at, JsonNode value) {
        String name = text(value.path("message_template_name"));
        String language = text(value.path("message_template_language"));
        String event = text(value.path("event"));
        TemplateStatus status = enumOf(TemplateStatus.class, event);
        if (name == null || language == null) {
            batch.refuse("invalid_template_status", "a message_template_status_update of account " + accountId + " has no template name or language");
            return;
        }
        if (status == null || status == TemplateStatus.UNKNOWN) {
            // e.g. LOCKED or UNARCHIVED: not a status the gate decides on, and UNKNOWN would read as "not approved".
            batch.unknown.add("message_template_status_update.event");
            return;
        }
        String reason = text(value.path("reason"));
        TemplateStatusChanged changed = TemplateStatusChanged.newBuilder()
                .setTemplateName(name)
                .setLanguage(language)
                .setTemplateId(text(value.path("message_template_id")))
                .setStatus(status)
                .setCategory(enumOf(MessageCategory.class, text(value.path("message_template_category"))))
                .setReason(reason == null || reason.equals("NONE") ? null : reason)
                .build();
        batch.business(businessFactId("message_template_status_update", accountId, at, value), businessId, at, changed);
    }

    /**
     * Business changes carry no id of their own; the same delivery repeated has the same account, time and
     * value, so those name the fact.
     */
    private static String businessFactId(String field, String accountId, Instant at, JsonNode value) {
        return EventIds.named("whatsapp|" + field + "|" + accountId + "|" + at.getEpochSecond() + "|" + value);
    }

    /** Meta writes a limit as a tier name or, in older payloads, as a number of conversations (-1: unlimited). */
    static MessagingTier tier(JsonNode limit) {
        if (limit.isIntegralNumber()) {
            return switch (limit.asInt()) {
                case -1 -> MessagingTier.TIER_UNLIMITED;
                case 50 -> MessagingTier.TIER_50;
                case 250 -> MessagingTier.TIER_250;
                case 1000 -> MessagingTier.TIER_1K;
                case 2000 -> MessagingTier.TIER_2K;
                case 10000 -> MessagingTier.TIER_10K;
                case 100000 -> MessagingTier.TIER_100K;
                default -> null;
            };
        }
        MessagingTier tier = enumOf(MessagingTier.class, text(limit));
        return tier == MessagingTier.UNKNOWN ? null : tier;
    }

    // identity and small JSON helpers

    /** The contact a webhook item is about: its phone number when Meta shares it, else its BSUID. */
    private record Identified(String contact, String phone, String bsuid) {
    }

    private static Identified identify(String waId, String userId) {
        String phone = null;
        String bsuid = null;
        if (waId != null) {
            try {
                phone = ContactIdentity.parse(waId.startsWith("+") ? waId : "+" + waId, null) instanceof Contact.PhoneNumber number
                        ? number.canonical() : null;
            } catch (InvalidContactException e) {
                phone = null;
            }
        }
        if (userId != null) {
            try {
                bsuid = ContactIdentity.parse(userId, null) instanceof Contact.Bsuid id ? id.canonical() : null;
            } catch (InvalidContactException e) {
                bsuid = null;
            }
        }
        String contact = phone != null ? phone : bsuid;
        return contact == null ? null : new Identified(contact, phone, bsuid);
    }

    private void unknownProperties(Batch batch, String kind, JsonNode object, Set<String> known) {
        for (String property : object.propertyNames()) {
            if (!known.contains(property)) {
                batch.unknown.add(kind + "." + property);
            }
        }
    }

    /** A string, or a number written as one; anything else (object, array, boolean, null) is absent. */
    static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue().isBlank() ? null : node.stringValue();
        }
        return node.isIntegralNumber() ? node.asString() : null;
    }

    private static String firstText(JsonNode first, JsonNode second) {
        String text = text(first);
        return text != null ? text : text(second);
    }

    private static JsonNode firstNode(JsonNode first, JsonNode second) {
        return first.isMissingNode() || first.isNull() ? second : first;
    }

    private static Instant epochSeconds(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(text);
            return seconds > 0 && seconds < 100_000_000_000L ? Instant.ofEpochSecond(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static final class Batch {

        private final List<ContactFact> contactFacts = new ArrayList<>();
        private final List<BusinessFact> businessFacts = new ArrayList<>();
        private final List<String> unknown = new ArrayList<>();
        private final List<MappedBatch.Refusal> refusals = new ArrayList<>();

        void contact(String eventId, String businessId, String contact, Instant at, SpecificRecord payload) {
            contactFacts.add(new ContactFact(eventId, businessId, contact, at, SOURCE, payload));
        }

        void business(String eventId, String businessId, Instant at, SpecificRecord payload) {
            businessFacts.add(new BusinessFact(eventId, businessId, at, SOURCE, payload));
        }

        void refuse(String reason, String detail) {
            refusals.add(new MappedBatch.Refusal(reason, detail));
        }

        MappedBatch result() {
            return new MappedBatch(List.copyOf(contactFacts), List.copyOf(businessFacts), List.copyOf(unknown), List.copyOf(refusals));
        }
    }
}
