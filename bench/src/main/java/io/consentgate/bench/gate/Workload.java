package io.consentgate.bench.gate;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.BusinessEvents;
import io.consentgate.testing.contract.ContactEvents;
import io.consentgate.testing.contract.SendRequests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records of the load, deterministic per contact index: contact {@code i} belongs to business
 * {@code i % businesses}; 60% of contacts wrote recently (their customer-service window is open), 50% opted
 * in (independently of that). Requests: 70% free-form replies to contacts whose window is open, 30%
 * templates — UTILITY to opted-in contacts (approved outside the window: final in the first stage, the businesses having no limit),
 * UTILITY to contacts who never opted in, MARKETING to anyone (consent, caps and quiet hours decide).
 */
final class Workload {

    static final String SENDER = ContactEvents.SENDER;
    static final String UTILITY_TEMPLATE = "order_update";
    static final String MARKETING_TEMPLATE = "spring_sale";
    private static final String LANGUAGE = "es";
    /** What a messaging pipeline attaches: opaque to the gate, passed through; makes a request ~250 bytes, the record size of the baseline measurements. */
    private static final ByteBuffer REPLY_PAYLOAD = ByteBuffer.wrap(
            "{\"type\":\"text\",\"text\":{\"body\":\"Hola Lucía, tu pedido 48213 sale hoy. ¿Te va bien la entrega mañana por la tarde?\"}}"
                    .getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    private static final ByteBuffer TEMPLATE_PAYLOAD = ByteBuffer.wrap(
            "{\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"48213\"},{\"type\":\"text\",\"text\":\"mañana\"}]}]}"
                    .getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    private static final String INBOUND_KEYWORD = KeywordNormalizer.keywordCandidate("Hola, ¿tenéis la talla 38?");

    private final int contacts;
    private final int businesses;

    Workload(int contacts, int businesses) {
        this.contacts = contacts;
        this.businesses = businesses;
    }

    int contacts() {
        return contacts;
    }

    String business(int index) {
        return "bench-business-%02d".formatted(index);
    }

    ContactKey contact(int index) {
        // A valid Spanish mobile per index, canonical E.164: the gate never has to re-key.
        return new ContactKey(business(index % businesses), ContactEvents.spanishMobile(index));
    }

    boolean windowOpen(int index) {
        return index % 10 < 6;
    }

    boolean optedIn(int index) {
        return (index / 10) % 2 == 0;
    }

    /** Per business: a healthy sender, no messaging limit, approved UTILITY and MARKETING templates. */
    List<BusinessEvent> businessEvents(Instant at) {
        List<BusinessEvent> events = new ArrayList<>();
        for (int b = 0; b < businesses; b++) {
            String business = business(b);
            events.add(businessEvent(business, at, BusinessEvents.healthySender(SENDER)));
            events.add(businessEvent(business, at, BusinessEvents.unlimited()));
            events.add(businessEvent(business, at, BusinessEvents.templateStatus(UTILITY_TEMPLATE, LANGUAGE, MessageCategory.UTILITY, TemplateStatus.APPROVED)));
            events.add(businessEvent(business, at, BusinessEvents.templateStatus(MARKETING_TEMPLATE, LANGUAGE, MessageCategory.MARKETING, TemplateStatus.APPROVED)));
        }
        return events;
    }

    /** What the gate knows about contact {@code index} before requests arrive: an opt-in, an inbound message, both or none. */
    List<ContactEvent> history(int index, Instant at) {
        ContactKey key = contact(index);
        List<ContactEvent> events = new ArrayList<>(2);
        if (optedIn(index)) {
            ConsentCategory scope = index % 3 == 0 ? ConsentCategory.UTILITY : ConsentCategory.ALL;
            events.add(contactEvent(key, at, ContactEvents.webFormOptIn("cns-" + index, ContactEvents.BUSINESS_NAME, ContactEvents.scopes(scope),
                    "form-submission-" + index).build()));
        }
        if (windowOpen(index)) {
            events.add(contactEvent(key, at, ContactEvents.inboundText("wamid.in-" + index, SENDER)
                    .setKeywordCandidate(INBOUND_KEYWORD)
                    .setPhone(key.contact())
                    .build()));
        }
        return events;
    }

    /** An opt-out from everything by a random contact, interleaved with the requests. */
    ContactEvent optOut(SplittableRandom random, Instant at) {
        int index = random.nextInt(contacts);
        return contactEvent(contact(index), at, ContactEvents.optOutOfAll(Channel.SMS, OptOutMethod.KEYWORD).build());
    }

    /** One request of the mix. */
    SendRequest request(String requestId, SplittableRandom random, Instant at) {
        int share = random.nextInt(100);
        if (share < 70) {
            int index = pick(random, true);
            return base(requestId, index, at).setKind(MessageKind.FREE_FORM).setPayload(REPLY_PAYLOAD.duplicate()).build();
        }
        int index = random.nextInt(contacts);
        TemplateRef template = share < 85 ? new TemplateRef(UTILITY_TEMPLATE, LANGUAGE, MessageCategory.UTILITY)
                : new TemplateRef(MARKETING_TEMPLATE, LANGUAGE, MessageCategory.MARKETING);
        return base(requestId, index, at).setKind(MessageKind.TEMPLATE).setTemplate(template).setPayload(TEMPLATE_PAYLOAD.duplicate()).build();
    }

    /** A contact whose window is (or is not) open. */
    private int pick(SplittableRandom random, boolean window) {
        int index;
        do {
            index = random.nextInt(contacts);
        } while (windowOpen(index) != window);
        return index;
    }

    private SendRequest.Builder base(String requestId, int index, Instant at) {
        ContactKey key = contact(index);
        return SendRequests.to(key.businessId(), key.contact(), SENDER, requestId, at);
    }

    private static ContactEvent contactEvent(ContactKey key, Instant at, Object payload) {
        return ContactEvents.event(key, "evt-" + key.contact() + "-" + at.toEpochMilli() + "-" + payload.getClass().getSimpleName(), at, "bench", payload);
    }

    private static BusinessEvent businessEvent(String business, Instant at, Object payload) {
        return BusinessEvents.event(business, "bev-" + business + "-" + payload.getClass().getSimpleName(), at, "bench", payload);
    }
}
