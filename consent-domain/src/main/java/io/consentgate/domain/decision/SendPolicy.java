package io.consentgate.domain.decision;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import java.time.Instant;

/**
 * The decision policy: a request, what is known about the contact (its facts and the request ids decided for it), the
 * sender and the template, the business's policy and the clock, in; one decision out. Pure and deterministic.
 * Order: the request must be valid, then new, then pass every {@link SendRule} in declaration order.
 */
public final class SendPolicy {

    private static final SendRule[] RULES_IN_ORDER = SendRule.values();

    private SendPolicy() {
    }

    /**
     * @param facts           what is known about the contact, folded from its events, or null if nothing is
     * @param decidedRequests the request ids already decided for the contact: one of them is {@code DUPLICATE_REQUEST}
     * @param senderState     the sending number's quality and status, or null if unknown
     * @param templateState   the template's review status, or null if unknown (or a free-form request)
     * @param now             the clock at decision time, never a time frozen earlier
     */
    public static Decision decide(SendRequest request, ContactFacts facts, DecidedRequests decidedRequests, SenderState senderState,
                                  BusinessPolicy businessPolicy, TemplateState templateState, Instant now) {
        String invalidField = invalidField(request);
        if (invalidField != null) {
            return invalid(invalidField, now);
        }
        Contact contact;
        try {
            contact = contactOf(request, facts, businessPolicy);
        } catch (InvalidContactException e) {
            return invalid("contact " + e.reason(), now); // the reason never quotes the contact: decisions are kept and shown
        }
        if (facts != null && !facts.businessId().equals(request.getBusinessId())) {
            return invalid("businessId '" + request.getBusinessId() + "' is not the business of the contact state it was decided against", now);
        }
        Instant decidedBefore = decidedRequests.decidedAt(request.getRequestId());
        if (decidedBefore != null) {
            return new Decision.Rejected(RejectionReason.DUPLICATE_REQUEST, "request " + request.getRequestId() + " for this contact was decided at "
                    + decidedBefore + ": a retried request never produces a second send; use a new id for a new message", null, null, now);
        }
        ContactFacts known = facts != null ? facts : ContactFacts.empty(request.getBusinessId(), contact);
        Situation situation = Situation.of(request, contact, known, senderState, templateState, businessPolicy, now);
        for (SendRule rule : RULES_IN_ORDER) {
            Decision.Rejected rejected = rule.check(situation);
            if (rejected != null) {
                return rejected;
            }
        }
        return approve(situation);
    }

    private static Decision.Approved approve(Situation s) {
        boolean inside = s.insideWindow();
        boolean confirmation = s.isConfirmation();
        boolean namesConsent = !confirmation && (!inside || s.isMarketing());
        String consentId = namesConsent && s.standing() instanceof ConsentStanding.Granted(var optIn) ? optIn.consentId() : null;
        return new Decision.Approved(
                s.contact().canonical(),
                confirmation ? ApprovalBasis.OPT_OUT_CONFIRMATION : inside ? ApprovalBasis.CUSTOMER_SERVICE_WINDOW : ApprovalBasis.CONSENT,
                consentId,
                inside ? s.relation().windowClosesAt() : null,
                s.category(),
                s.policy().pricing().freeReason(s.category(), inside, s.insideFreeEntryPoint(), s.now()),
                inside ? MessagingLimitUse.INSIDE_WINDOW : MessagingLimitUse.PENDING_QUOTA,
                s.now());
    }

    /** The facts' contact was normalised when they were first folded; only a differently written contact is parsed again. */
    private static Contact contactOf(SendRequest request, ContactFacts facts, BusinessPolicy policy) {
        if (facts != null && !facts.isErased() && facts.contact().canonical().equals(request.getContact())) {
            return facts.contact();
        }
        Contact contact = ContactIdentity.parse(request.getContact(), policy.defaultRegion());
        if (facts != null && !facts.isErased() && !facts.contact().canonical().equals(contact.canonical())) {
            throw new InvalidContactException("is not the contact of the state it was decided against");
        }
        return contact;
    }

    /** @return what is wrong with the request, naming the field, or null if it is well formed */
    private static String invalidField(SendRequest request) {
        if (isBlank(request.getRequestId())) {
            return "requestId is blank: every request needs a unique id";
        }
        if (isBlank(request.getBusinessId())) {
            return "businessId is blank";
        }
        if (isBlank(request.getSenderId())) {
            return "senderId is blank: name the phone_number_id to send from";
        }
        if (isBlank(request.getContact())) {
            return "contact is blank: give an E.164 number or a BSUID";
        }
        if (request.getKind() == null || request.getKind() == MessageKind.UNKNOWN) {
            return "kind is " + request.getKind() + ": it must be FREE_FORM or TEMPLATE";
        }
        if (request.getConfirmsOptOut() != null && request.getConfirmsOptOut().isBlank()) {
            return "confirmsOptOut is blank: leave it out, or name the opt-out (its wamid or eventId) this message confirms";
        }
        return request.getKind() == MessageKind.TEMPLATE ? invalidTemplate(request.getTemplate()) : null;
    }

    private static String invalidTemplate(TemplateRef template) {
        if (template == null) {
            return "template is missing: it is required when kind is TEMPLATE";
        }
        if (isBlank(template.getName())) {
            return "template.name is blank";
        }
        if (isBlank(template.getLanguage())) {
            return "template.language is blank";
        }
        MessageCategory category = template.getCategory();
        boolean templateCategory = category == MessageCategory.MARKETING || category == MessageCategory.UTILITY
                || category == MessageCategory.AUTHENTICATION;
        return templateCategory ? null : "template.category is " + category + ": it must be MARKETING, UTILITY or AUTHENTICATION";
    }

    private static Decision.Rejected invalid(String detail, Instant now) {
        return new Decision.Rejected(RejectionReason.INVALID_REQUEST, detail, null, null, now);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
