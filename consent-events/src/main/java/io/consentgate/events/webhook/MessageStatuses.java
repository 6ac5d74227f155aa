package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.SenderRateLimited;
import io.consentgate.events.publisher.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code statuses[]} of a messages change: each becomes a {@link DeliveryStatusReported} (error codes,
 * {@code biz_opaque_callback_data} as the request id, Meta's {@code pricing} category, type and billable), named by the wamid and the status; a sender
 * rate limit (131048, 130429) among its errors also becomes a {@link SenderRateLimited} business event.
 */
final class MessageStatuses {

    private static final Set<String> STATUS = Set.of("id", "status", "timestamp", "recipient_id", "recipient_user_id",
            "recipient_parent_user_id", "recipient_type", "recipient_participant_id", "recipient_identity_key_hash",
            "recipient_logical_id", "biz_opaque_callback_data", "conversation", "pricing", "errors");

    /** 131048 spam rate limit, 130429 throughput: limits of the business number, not of one contact. */
    private static final Set<Integer> SENDER_RATE_LIMITS = Set.of(131048, 130429);

    private MessageStatuses() {
    }

    static void map(BatchBuilder batch, String businessId, String senderId, JsonNode status) {
        batch.unknownProperties("status", status, STATUS);
        String messageId = text(status.path("id"));
        String name = text(status.path("status"));
        Instant at = epochSeconds(status.path("timestamp"));
        if (messageId == null || name == null || at == null) {
            batch.refuse(WebhookRefusal.INVALID_STATUS, "a status of " + businessId + " has no id, status or timestamp");
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
            batch.unknown("status." + name);
            return;
        }
        WebhookContact who = WebhookContact.of(text(status.path("recipient_id")), text(status.path("recipient_user_id")));
        if (who == null) {
            batch.refuse(WebhookRefusal.NO_CONTACT, "status " + name + " of " + messageId + " has neither a valid phone number nor a BSUID");
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
                .setPricingType(text(status.path("pricing").path("type")))
                .setBillable(status.path("pricing").path("billable").isBoolean() ? status.path("pricing").path("billable").asBoolean() : null)
                .build();
        batch.contact(EventIds.whatsAppStatus(messageId, name), businessId, who, at, reported);
        for (int code : errorCodes) {
            if (SENDER_RATE_LIMITS.contains(code)) {
                // The number's own limit holds for every contact: the business's state, which the gate reads for each request.
                batch.business(EventIds.whatsAppRateLimit(messageId, code), businessId, at,
                        new SenderRateLimited(senderId, code, messageId));
            }
        }
    }
}
