package io.consentgate.projector;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.schemas.ContactKey;
import java.time.Instant;
import java.util.List;

/** Realistic contact events for the projector's tests. */
public final class ContactEvents {

    public static final String SENDER = "106540352242922";

    private ContactEvents() {
    }

    /** A web-form opt-in to marketing and order updates, with its full proof. */
    public static ContactEvent webFormOptIn(ContactKey key, String eventId, Instant at) {
        OptIn optIn = OptIn.newBuilder()
                .setConsentId("cns-" + eventId)
                .setBusinessName("Zapatería Lucía")
                .setScopes(List.of(new ConsentScope(ConsentCategory.MARKETING, null),
                        new ConsentScope(ConsentCategory.UTILITY, "order-updates")))
                .setChannel(Channel.WEB_FORM)
                .setCapturedBy(null)
                .setNoticeVersion("wa-optin-es-v3")
                .setNoticeHash("9b74c9897bac770ffc029102a200c5de0f6f8e2b4ae5e4b63c1d2e2fb0e7c6a1")
                .setLanguage("es-ES")
                .setEvidenceRef("form-submission/88213")
                .setIpAddress("203.0.113.7")
                .setUserAgent("Mozilla/5.0 (Android 14)")
                .setExpiresAt(null)
                .build();
        return event(key, eventId, at, "web-signup", optIn);
    }

    public static ContactEvent marketingOptOut(ContactKey key, String eventId, Instant at) {
        return event(key, eventId, at, "call-center", new OptOut(List.of(new ConsentScope(ConsentCategory.MARKETING, null)),
                Channel.CALL_CENTER, OptOutMethod.REQUEST, "call/5521"));
    }

    /** An inbound WhatsApp message; {@code keyword} is what the intake folded, null for ordinary text. */
    public static ContactEvent inbound(ContactKey key, String eventId, Instant at, String keyword) {
        InboundMessage message = InboundMessage.newBuilder()
                .setMessageId("wamid." + eventId)
                .setSenderId(SENDER)
                .setType(InboundMessageType.TEXT)
                .setKeywordCandidate(keyword)
                .setPhone(key.contact())
                .build();
        return event(key, eventId, at, "whatsapp-webhook", message);
    }

    public static ContactEvent erasure(ContactKey key, String eventId, Instant at) {
        return event(key, eventId, at, "dpo-console", new ErasureRequested("dsr-" + eventId, "dpo@example.com"));
    }

    public static ContactEvent event(ContactKey key, String eventId, Instant at, String source, Object payload) {
        return ContactEvent.newBuilder()
                .setEventId(eventId)
                .setBusinessId(key.businessId())
                .setContact(key.contact())
                .setOccurredAt(at)
                .setRecordedAt(at.plusMillis(300))
                .setSource(source)
                .setPayload(payload)
                .build();
    }
}
