package io.consentgate.projector;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.SendRequests;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Realistic decisions of the gate, as it writes them to approved-sends and send-rejections. */
public final class SendDecisions {

    /** What the message said: the decision log must never keep it. */
    public static final String PAYLOAD_TEXT = "Black Friday: 30% off every boot";

    private SendDecisions() {
    }

    /** A marketing template approved on the contact's consent record. */
    public static ApprovedSend approvedSend(ContactKey contact, String requestId, Instant decidedAt) {
        return SendRequests.approvedOnConsent(request(contact, requestId, decidedAt.minusMillis(40)), decidedAt, "cns-e1-optin", MessageCategory.MARKETING)
                .setCountedTowardLimit(true)
                .build();
    }

    /** The same kind of request, refused because the contact opted out of marketing. */
    public static SendRejection optedOutRejection(ContactKey contact, String requestId, Instant decidedAt) {
        return SendRejection.newBuilder()
                .setRequest(request(contact, requestId, decidedAt.minusMillis(40)))
                .setDecidedAt(decidedAt)
                .setReason(RejectionReason.OPTED_OUT)
                .setDetail("the contact opted out of MARKETING by CALL_CENTER: do not send marketing until they opt in again")
                .setRetryAfter(null)
                .setConsentId(null)
                .build();
    }

    private static SendRequest request(ContactKey contact, String requestId, Instant requestedAt) {
        return SendRequests.to(contact.businessId(), contact.contact(), SampleContactEvents.SENDER, requestId, requestedAt)
                .setKind(MessageKind.TEMPLATE)
                .setTemplate(new TemplateRef("black_friday", "es", MessageCategory.MARKETING))
                .setConsentTopic(null)
                .setPayload(ByteBuffer.wrap(PAYLOAD_TEXT.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
