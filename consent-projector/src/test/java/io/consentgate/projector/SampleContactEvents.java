package io.consentgate.projector;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.ContactEvents;
import java.time.Instant;
import java.util.List;

/** Realistic contact events for the projector's tests, from the contract-fixtures kit: ids given, recorded 300 ms after they occurred. */
public final class SampleContactEvents {

    public static final String SENDER = ContactEvents.SENDER;

    private SampleContactEvents() {
    }

    /** A web-form opt-in to marketing and order updates, with its full proof. */
    public static ContactEvent webFormOptIn(ContactKey key, String eventId, Instant at) {
        List<ConsentScope> scopes = List.of(new ConsentScope(ConsentCategory.MARKETING, null), new ConsentScope(ConsentCategory.UTILITY, "order-updates"));
        return event(key, eventId, at, "web-signup", ContactEvents.webFormOptIn("cns-" + eventId, ContactEvents.BUSINESS_NAME, scopes, "form-submission/88213")
                .setNoticeVersion("wa-optin-es-v3")
                .setNoticeHash("9b74c9897bac770ffc029102a200c5de0f6f8e2b4ae5e4b63c1d2e2fb0e7c6a1")
                .setIpAddress("203.0.113.7")
                .setUserAgent("Mozilla/5.0 (Android 14)")
                .build());
    }

    public static ContactEvent marketingOptOut(ContactKey key, String eventId, Instant at) {
        return event(key, eventId, at, "call-center", new OptOut(List.of(new ConsentScope(ConsentCategory.MARKETING, null)),
                Channel.CALL_CENTER, OptOutMethod.REQUEST, "call/5521"));
    }

    /** An inbound WhatsApp message; {@code keyword} is what the intake folded, null for ordinary text. */
    public static ContactEvent inbound(ContactKey key, String eventId, Instant at, String keyword) {
        return event(key, eventId, at, "whatsapp-webhook", ContactEvents.inboundText("wamid." + eventId, SENDER)
                .setKeywordCandidate(keyword)
                .setPhone(key.contact())
                .build());
    }

    public static ContactEvent erasure(ContactKey key, String eventId, Instant at) {
        return event(key, eventId, at, "dpo-console", new ErasureRequested("dsr-" + eventId, "dpo@example.com"));
    }

    public static ContactEvent event(ContactKey key, String eventId, Instant at, String source, Object payload) {
        return ContactEvents.event(key.businessId(), key.contact(), eventId, at, at.plusMillis(300), source, payload);
    }
}
