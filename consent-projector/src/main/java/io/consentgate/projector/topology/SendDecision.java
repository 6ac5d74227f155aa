package io.consentgate.projector.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.FreeReason;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import java.time.Instant;

/**
 * What the gate decided about one send request to the contact, as the decision log keeps it: enough
 * to answer "why was this message sent, or refused?" and to export it, never the message payload.
 *
 * @param outcome          APPROVED (on approved-sends) or REJECTED (on send-rejections)
 * @param senderId         the business number it was to be sent from
 * @param basis            an approval's ground: the open customer service window or a consent record
 * @param consentId        the consent record that allowed it, or that the rejecting rule looked at
 * @param windowClosesAt   an approval's customer service window end, when it had one
 * @param pricingCategory  how Meta prices an approved message
 * @param billable         whether an approved message is charged
 * @param freeBecause      why an approved message is free, when it is
 * @param reason           a rejection's stable reason code
 * @param detail           a rejection's explanation for a person: which rule, which state, what to do
 * @param retryAfter       when a retry of a rejected request could succeed, if ever
 * @param confirmsOptOut   the opt-out the request said it confirms (its wamid or event id), when it did
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SendDecision(
        String requestId,
        Outcome outcome,
        Instant requestedAt,
        Instant decidedAt,
        String senderId,
        MessageKind kind,
        Template template,
        String consentTopic,
        ApprovalBasis basis,
        String consentId,
        Instant windowClosesAt,
        MessageCategory pricingCategory,
        Boolean billable,
        FreeReason freeBecause,
        RejectionReason reason,
        String detail,
        Instant retryAfter,
        String confirmsOptOut) {

    public enum Outcome {
        APPROVED,
        REJECTED
    }

    /** The template a request named: which one, in which language, of which category. */
    public record Template(String name, String language, MessageCategory category) {

        static Template of(TemplateRef template) {
            return template == null ? null : new Template(template.getName(), template.getLanguage(), template.getCategory());
        }
    }

    public static SendDecision approved(ApprovedSend approved) {
        SendRequest request = approved.getRequest();
        return new SendDecision(request.getRequestId(), Outcome.APPROVED, request.getRequestedAt(), approved.getDecidedAt(),
                request.getSenderId(), request.getKind(), Template.of(request.getTemplate()), request.getConsentTopic(),
                approved.getBasis(), approved.getConsentId(), approved.getWindowClosesAt(), approved.getPricingCategory(),
                approved.getBillable(), approved.getFreeBecause(), null, null, null, request.getConfirmsOptOut());
    }

    public static SendDecision rejected(SendRejection rejection) {
        SendRequest request = rejection.getRequest();
        return new SendDecision(request.getRequestId(), Outcome.REJECTED, request.getRequestedAt(), rejection.getDecidedAt(),
                request.getSenderId(), request.getKind(), Template.of(request.getTemplate()), request.getConsentTopic(),
                null, rejection.getConsentId(), null, null, null, null,
                rejection.getReason(), rejection.getDetail(), rejection.getRetryAfter(), request.getConfirmsOptOut());
    }
}
