package io.consentgate.events.webhook;

import static io.consentgate.events.webhook.WebhookJson.epochSeconds;
import static io.consentgate.events.webhook.WebhookJson.firstText;
import static io.consentgate.events.webhook.WebhookJson.text;

import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.events.publisher.EventIds;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * {@code calls}: a call the person made to a business number opens or restarts the customer service window like a
 * message does (Meta: "when a WhatsApp user messages you or calls you, a 24-hour timer starts"). Each user-initiated
 * call becomes an {@link InboundMessage} of type CALL named by the call id (wacid), so its {@code connect} and
 * {@code terminate} events are one fact: the first to arrive sets the window's start (normally the connect, when
 * the call came in; a missed call counts too). Business-initiated calls open nothing.
 */
final class CallsField implements WebhookField {

    @Override
    public void map(WebhookChange change, BatchBuilder batch) {
        JsonNode value = change.value();
        String senderId = change.senderId();
        if (senderId == null) {
            batch.refuse(WebhookRefusal.NO_SENDER, "a calls change of " + change.businessId() + " has no metadata.phone_number_id");
            return;
        }
        JsonNode contacts = value.path("contacts");
        JsonNode onlyContact = contacts.size() == 1 ? contacts.get(0) : null;
        for (JsonNode call : value.path("calls")) {
            map(batch, change.businessId(), senderId, call, onlyContact);
        }
    }

    private static void map(BatchBuilder batch, String businessId, String senderId, JsonNode call, JsonNode onlyContact) {
        if (!"USER_INITIATED".equals(text(call.path("direction")))) {
            batch.unknown("calls.direction");
            return;
        }
        String callId = text(call.path("id"));
        Instant at = epochSeconds(call.path("timestamp"));
        if (callId == null || at == null) {
            batch.refuse(WebhookRefusal.INVALID_MESSAGE, "a call of " + businessId + " has no id or timestamp");
            return;
        }
        WebhookContact who = WebhookContact.of(firstText(call.path("from"), onlyContact == null ? null : onlyContact.path("wa_id")),
                firstText(call.path("from_user_id"), onlyContact == null ? null : onlyContact.path("user_id")));
        if (who == null) {
            batch.refuse(WebhookRefusal.NO_CONTACT, "call " + callId + " has neither a valid phone number nor a BSUID");
            return;
        }
        batch.contact(EventIds.whatsAppMessage(callId), businessId, who.contact(), at, InboundMessage.newBuilder()
                .setMessageId(callId)
                .setSenderId(senderId)
                .setType(InboundMessageType.CALL)
                .setPhone(who.phone())
                .setBsuid(who.bsuid())
                .build());
    }
}
