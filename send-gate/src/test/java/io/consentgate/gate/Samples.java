package io.consentgate.gate;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.BusinessEvents;
import io.consentgate.testing.contract.ContactEvents;
import io.consentgate.testing.contract.SendRequests;
import java.time.Instant;
import java.util.UUID;

/** The gate's tests' records, from the contract-fixtures kit: each event and request with an id of its own, from source "test". */
public final class Samples {

    public static final String SENDER = ContactEvents.SENDER;
    public static final String TEMPLATE_LANGUAGE = "es";

    private Samples() {
    }

    public static ContactEvent optIn(ContactKey key, ConsentCategory category, Instant at) {
        return contactEvent(key, at, ContactEvents.webFormOptIn("cns-" + UUID.randomUUID(), ContactEvents.BUSINESS_NAME,
                ContactEvents.scopes(category), "form-submission-48213").build());
    }

    public static ContactEvent optOut(ContactKey key, Instant at) {
        return contactEvent(key, at, ContactEvents.optOutOfAll(Channel.SMS, OptOutMethod.REQUEST).build());
    }

    public static ContactEvent inbound(ContactKey key, Instant at) {
        return contactEvent(key, at, ContactEvents.inboundText("wamid." + UUID.randomUUID(), SENDER).build());
    }

    public static ContactEvent erasure(ContactKey key, Instant at) {
        return contactEvent(key, at, new ErasureRequested("dsr-" + UUID.randomUUID(), "privacy-desk"));
    }

    public static BusinessEvent templateStatus(String businessId, String template, MessageCategory category, TemplateStatus status, Instant at) {
        return businessEvent(businessId, at, BusinessEvents.templateStatus(template, TEMPLATE_LANGUAGE, category, status));
    }

    public static BusinessEvent messagingLimit(String businessId, MessagingTier tier, Instant at) {
        return businessEvent(businessId, at, new MessagingLimitChanged(tier));
    }

    public static BusinessEvent senderQuality(String businessId, QualityRating rating, SenderStatus status, Instant at) {
        return businessEvent(businessId, at, BusinessEvents.senderQuality(SENDER, rating, status));
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
        return SendRequests.to(businessId, contact, SENDER, requestId, at);
    }

    /** A valid Spanish mobile number per index: +346000nnnnn. */
    public static String spanishMobile(int index) {
        return ContactEvents.spanishMobile(index);
    }

    private static ContactEvent contactEvent(ContactKey key, Instant at, Object payload) {
        return ContactEvents.event(key, "evt-" + UUID.randomUUID(), at, "test", payload);
    }

    private static BusinessEvent businessEvent(String businessId, Instant at, Object payload) {
        return BusinessEvents.event(businessId, "bev-" + UUID.randomUUID(), at, "test", payload);
    }
}
