package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.ContactEvents;
import io.consentgate.testing.contract.SendRequests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The send-gate's fault load, built so that the core can say what every decision must be: contacts of
 * {@link FaultStack#BUSINESS} with canonical Spanish mobiles; a healthy sender, no messaging limit and one approved
 * UTILITY template; per contact a history by {@code index % 4} (window open and opted in / no window, opted in to
 * UTILITY / nothing / window open, no opt-in); requests are free-form replies and UTILITY templates only (MARKETING
 * would make decisions depend on earlier approvals through the frequency caps, and on the clock through quiet hours).
 * Mid-load events change consent and windows: opt-outs, opt-ins with a new consent id, inbound messages.
 */
final class SendWorkload {

    static final String UTILITY_TEMPLATE = "order_update";
    private static final String LANGUAGE = HealthyBusiness.LANGUAGE;
    /** An ordinary sentence: the fold must not take it for an opt-out or opt-in keyword. */
    private static final String INBOUND_TEXT = KeywordNormalizer.keywordCandidate("Hola, ¿dónde está mi pedido?");

    private final int contacts;

    SendWorkload(int contacts) {
        this.contacts = contacts;
    }

    int contacts() {
        return contacts;
    }

    ContactKey contact(int index) {
        return new ContactKey(FaultStack.BUSINESS, ContactEvents.spanishMobile(index));
    }

    /** The sender GREEN and CONNECTED, TIER_100K (the quota never refuses, but runs), the UTILITY template APPROVED. */
    List<BusinessEvent> businessEvents(Instant at) {
        return HealthyBusiness.facts(UTILITY_TEMPLATE, at);
    }

    /** What the contact did before the load: 0 wrote and opted in, 1 opted in to UTILITY only, 2 nothing, 3 wrote only. */
    List<ContactEvent> history(int index, Instant at) {
        List<ContactEvent> events = new ArrayList<>(2);
        int group = index % 4;
        if (group == 0 || group == 1) {
            events.add(optIn(index, 0, group == 0 ? ConsentCategory.ALL : ConsentCategory.UTILITY, at));
        }
        if (group == 0 || group == 3) {
            events.add(inbound(index, 0, at));
        }
        return events;
    }

    /** A consent or window change of contact {@code index} during the load; {@code seq} makes its ids unique. */
    ContactEvent change(int index, int seq, SplittableRandom random, Instant at) {
        int share = random.nextInt(100);
        if (share < 45) {
            return contactEvent(index, "out-" + seq, at, ContactEvents.optOutOfAll(Channel.SMS, OptOutMethod.KEYWORD)
                    .setEvidenceRef("sms-" + seq)
                    .build());
        }
        if (share < 90) {
            return optIn(index, seq, random.nextBoolean() ? ConsentCategory.ALL : ConsentCategory.UTILITY, at);
        }
        return inbound(index, seq, at);
    }

    /** A free-form reply or a UTILITY template to contact {@code index}. */
    SendRequest request(String requestId, int index, boolean template, Instant at) {
        ContactKey key = contact(index);
        SendRequest.Builder request = SendRequests.to(key.businessId(), key.contact(), FaultStack.SENDER, requestId, at);
        return template
                ? request.setKind(MessageKind.TEMPLATE).setTemplate(new TemplateRef(UTILITY_TEMPLATE, LANGUAGE, MessageCategory.UTILITY)).build()
                : request.setKind(MessageKind.FREE_FORM).build();
    }

    private ContactEvent optIn(int index, int seq, ConsentCategory scope, Instant at) {
        return contactEvent(index, "in-" + seq, at,
                ContactEvents.webFormOptIn("cns-" + index + "-" + seq, ContactEvents.BUSINESS_NAME, ContactEvents.scopes(scope),
                        "form-submission-" + index + "-" + seq).build());
    }

    private ContactEvent inbound(int index, int seq, Instant at) {
        return contactEvent(index, "msg-" + seq, at, ContactEvents.inboundText("wamid.faults-" + index + "-" + seq, FaultStack.SENDER)
                .setKeywordCandidate(INBOUND_TEXT)
                .setPhone(contact(index).contact())
                .build());
    }

    private ContactEvent contactEvent(int index, String what, Instant at, Object payload) {
        return ContactEvents.event(contact(index), "evt-" + index + "-" + what, at, "faults", payload);
    }
}
