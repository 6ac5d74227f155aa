package io.consentgate.gate;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.schemas.ContactKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Realistic contract records for the gate's tests and benchmark. */
public final class Samples {

    public static final String SENDER = "106540352242922";
    public static final String TEMPLATE_LANGUAGE = "es";

    private Samples() {
    }

    public static ContactEvent optIn(ContactKey key, ConsentCategory category, Instant at) {
        return contactEvent(key, at, OptIn.newBuilder()
                .setConsentId("cns-" + UUID.randomUUID())
                .setBusinessName("Zapatería Lucía")
                .setScopes(List.of(new ConsentScope(category, null)))
                .setChannel(Channel.WEB_FORM)
                .setNoticeVersion("2026-03")
                .setNoticeHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setLanguage("es-ES")
                .setEvidenceRef("form-submission-48213")
                .build());
    }

    public static ContactEvent optOut(ContactKey key, Instant at) {
        return contactEvent(key, at, OptOut.newBuilder()
                .setScopes(List.of(new ConsentScope(ConsentCategory.ALL, null)))
                .setChannel(Channel.SMS)
                .setMethod(OptOutMethod.REQUEST)
                .build());
    }

    public static ContactEvent inbound(ContactKey key, Instant at) {
        return contactEvent(key, at, InboundMessage.newBuilder()
                .setMessageId("wamid." + UUID.randomUUID())
                .setSenderId(SENDER)
                .setType(InboundMessageType.TEXT)
                .build());
    }

    public static ContactEvent erasure(ContactKey key, Instant at) {
        return contactEvent(key, at, new ErasureRequested("dsr-" + UUID.randomUUID(), "privacy-desk"));
    }

    public static BusinessEvent templateStatus(String businessId, String template, MessageCategory category, TemplateStatus status, Instant at) {
        return businessEvent(businessId, at, TemplateStatusChanged.newBuilder()
                .setTemplateName(template).setLanguage(TEMPLATE_LANGUAGE).setStatus(status).setCategory(category).build());
    }

    public static BusinessEvent messagingLimit(String businessId, MessagingTier tier, Instant at) {
        return businessEvent(businessId, at, new MessagingLimitChanged(tier));
    }

    public static BusinessEvent senderQuality(String businessId, QualityRating rating, SenderStatus status, Instant at) {
        return businessEvent(businessId, at, SenderQualityChanged.newBuilder()
                .setSenderId(SENDER).setQualityRating(rating).setStatus(status).build());
    }

    public static SendRequest template(ContactKey key, String requestId, String template, MessageCategory category, Instant at) {
        return request(key.businessId(), key.contact(), requestId, at)
                .setKind(MessageKind.TEMPLATE)
                .setTemplate(new TemplateRef(template, TEMPLATE_LANGUAGE, category))
                .build();
    }

    public static SendRequest reply(ContactKey key, String requestId, Instant at) {
        return request(key.businessId(), key.contact(), requestId, at).setKind(MessageKind.FREE_FORM).build();
    }

    public static SendRequest.Builder request(String businessId, String contact, String requestId, Instant at) {
        return SendRequest.newBuilder()
                .setRequestId(requestId)
                .setBusinessId(businessId)
                .setSenderId(SENDER)
                .setContact(contact)
                .setRequestedAt(at);
    }

    /** A valid Spanish mobile number per index: +346000nnnnn. */
    public static String spanishMobile(int index) {
        return "+3460" + String.format("%07d", index);
    }

    private static ContactEvent contactEvent(ContactKey key, Instant at, Object payload) {
        return ContactEvent.newBuilder()
                .setEventId("evt-" + UUID.randomUUID())
                .setBusinessId(key.businessId())
                .setContact(key.contact())
                .setOccurredAt(at)
                .setRecordedAt(at)
                .setSource("test")
                .setPayload(payload)
                .build();
    }

    private static BusinessEvent businessEvent(String businessId, Instant at, Object payload) {
        return BusinessEvent.newBuilder()
                .setEventId("bev-" + UUID.randomUUID())
                .setBusinessId(businessId)
                .setOccurredAt(at)
                .setRecordedAt(at)
                .setSource("test")
                .setPayload(payload)
                .build();
    }
}
