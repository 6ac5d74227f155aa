package io.consentgate.testing.contract;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.SendRequest;
import java.time.Instant;

/** outbound-requests records, and the gate's approval of one. */
public final class SendRequests {

    private SendRequests() {
    }

    /** A request without its kind yet: add a free-form kind or a template, and a payload where a caller has one. */
    public static SendRequest.Builder to(String businessId, String contact, String senderId, String requestId, Instant at) {
        return SendRequest.newBuilder()
                .setRequestId(requestId)
                .setBusinessId(businessId)
                .setSenderId(senderId)
                .setContact(contact)
                .setRequestedAt(at);
    }

    /** {@code request} approved on the contact's consent, billable; add what else a caller's decision says. */
    public static ApprovedSend.Builder approvedOnConsent(SendRequest request, Instant decidedAt, String consentId, MessageCategory pricing) {
        return ApprovedSend.newBuilder()
                .setRequest(request)
                .setContact(request.getContact())
                .setDecidedAt(decidedAt)
                .setBasis(ApprovalBasis.CONSENT)
                .setConsentId(consentId)
                .setPricingCategory(pricing)
                .setBillable(true);
    }
}
