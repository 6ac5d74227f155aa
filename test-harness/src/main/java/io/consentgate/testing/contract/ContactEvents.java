package io.consentgate.testing.contract;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.schemas.ContactKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** contact-events records: the envelope, and the payloads the samples share. */
public final class ContactEvents {

    /** The samples' WhatsApp sender (a phone-number id). */
    public static final String SENDER = "106540352242922";
    public static final String BUSINESS_NAME = "Zapatería Lucía";
    /** The privacy notice the samples' contacts agreed to, and its hash. */
    public static final String NOTICE_VERSION = "2026-03";
    public static final String NOTICE_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private ContactEvents() {
    }

    /** A valid Spanish mobile number per index, canonical E.164: +3460 and seven digits. */
    public static String spanishMobile(int index) {
        return "+3460" + String.format("%07d", index);
    }

    /** An event of {@code key}, recorded the moment it occurred. */
    public static ContactEvent event(ContactKey key, String eventId, Instant at, String source, Object payload) {
        return event(key.businessId(), key.contact(), eventId, at, at, source, payload);
    }

    public static ContactEvent event(String businessId, String contact, String eventId, Instant occurredAt, Instant recordedAt,
                                     String source, Object payload) {
        return ContactEvent.newBuilder()
                .setEventId(eventId)
                .setBusinessId(businessId)
                .setContact(contact)
                .setOccurredAt(occurredAt)
                .setRecordedAt(recordedAt)
                .setSource(source)
                .setPayload(payload)
                .build();
    }

    /** Whole categories, no topic. */
    public static List<ConsentScope> scopes(ConsentCategory... categories) {
        return Arrays.stream(categories).map(category -> new ConsentScope(category, null)).toList();
    }

    /** An opt-in on a web form to the samples' notice, in Spanish; add the proof a caller has (IP, user agent, expiry). */
    public static OptIn.Builder webFormOptIn(String consentId, String businessName, List<ConsentScope> scopes, String evidenceRef) {
        return OptIn.newBuilder()
                .setConsentId(consentId)
                .setBusinessName(businessName)
                .setScopes(scopes)
                .setChannel(Channel.WEB_FORM)
                .setNoticeVersion(NOTICE_VERSION)
                .setNoticeHash(NOTICE_HASH)
                .setLanguage("es-ES")
                .setEvidenceRef(evidenceRef);
    }

    /** An opt-out of everything (scope ALL); add the evidence where a caller has one. */
    public static OptOut.Builder optOutOfAll(Channel channel, OptOutMethod method) {
        return OptOut.newBuilder()
                .setScopes(scopes(ConsentCategory.ALL))
                .setChannel(channel)
                .setMethod(method);
    }

    /**
     * A failed delivery status as the webhook intake maps Meta's {@code statuses[]} with {@code errors[].code}: the wamid, the
     * request id echoed in {@code biz_opaque_callback_data}, the codes (131026 undeliverable, 131056 pair rate limit, ...).
     */
    public static io.consentgate.avro.DeliveryStatusReported failedDelivery(String senderId, String messageId, String requestId,
                                                                             Integer... errorCodes) {
        return io.consentgate.avro.DeliveryStatusReported.newBuilder()
                .setSenderId(senderId)
                .setMessageId(messageId)
                .setStatus(io.consentgate.avro.DeliveryStatus.FAILED)
                .setErrorCodes(java.util.List.of(errorCodes))
                .setRequestId(requestId)
                .build();
    }

    /** A text message the contact sent to {@code senderId}; add its keyword candidate and phone where a caller has them. */
    public static InboundMessage.Builder inboundText(String messageId, String senderId) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setSenderId(senderId)
                .setType(InboundMessageType.TEXT);
    }
}
