package io.consentgate.domain.decision;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.domain.state.SenderRelation;
import java.time.Instant;

/**
 * A valid request and everything the rules read about it, worked out once at decision time.
 *
 * @param standing        where the contact stands on the request's category and topic (free-form: {@code SERVICE}, which
 *                        only opt-outs of ALL cover)
 * @param confirmedOptOut the opt-out a confirmation request names, when the facts hold it
 * @param windowOpen      Meta's customer service window with the sender is open (margin counted)
 * @param replyWindowOpen it is open and was opened after the newest opt-out covering the request
 */
record Situation(
        SendRequest request,
        Contact contact,
        ContactFacts facts,
        SenderRelation relation,
        SenderState sender,
        TemplateState template,
        BusinessPolicy policy,
        MessageCategory category,
        ConsentStanding standing,
        ScopeConsent confirmedOptOut,
        boolean windowOpen,
        boolean replyWindowOpen,
        boolean insideFreeEntryPoint,
        Instant now) {

    static Situation of(SendRequest request, Contact contact, ContactFacts facts, SenderState sender, TemplateState template,
                        BusinessPolicy policy, Instant now) {
        SenderRelation relation = facts.sender(request.getSenderId());
        boolean isTemplate = request.getKind() == MessageKind.TEMPLATE;
        MessageCategory category = isTemplate ? templateCategory(request, template) : MessageCategory.SERVICE;
        Instant latestSafeSend = now.plus(policy.windowMargin());
        ConsentStanding standing = facts.standingFor(category, request.getConsentTopic(), now);
        boolean windowOpen = isOpenAt(relation.windowClosesAt(), latestSafeSend);
        // After an opt-out covering the message, only a window the contact opened anew (a message newer than the
        // opt-out) is one to reply in: the STOP message itself opens none.
        boolean replyWindowOpen = windowOpen && !(standing instanceof ConsentStanding.OptedOut(ScopeConsent optOut)
                && !relation.lastInboundAt().isAfter(optOut.since()));
        String confirms = request.getConfirmsOptOut();
        return new Situation(request, contact, facts, relation,
                sender != null ? sender : SenderState.unknown(request.getBusinessId(), request.getSenderId()),
                template, policy, category, standing,
                confirms == null ? null : facts.optOutNamed(confirms),
                windowOpen, replyWindowOpen,
                isOpenAt(relation.freeEntryPointClosesAt(), latestSafeSend),
                now);
    }

    Decision.Rejected reject(SendRule rule, String detail, Instant retryAfter, String consentId) {
        return new Decision.Rejected(rule.reason(), detail, retryAfter, consentId, now);
    }

    boolean isTemplate() {
        return request.getKind() == MessageKind.TEMPLATE;
    }

    /** The request says it is the one confirmation of an opt-out. */
    boolean isConfirmation() {
        return request.getConfirmsOptOut() != null;
    }

    /**
     * The window the request may use: the one to reply in, or for the confirmation of an opt-out, the window Meta has
     * open (the STOP message opened it, and the confirmation is the one message that may use it).
     */
    boolean insideWindow() {
        return isConfirmation() ? windowOpen : replyWindowOpen;
    }

    boolean isMarketing() {
        return category == MessageCategory.MARKETING;
    }

    /** Meta prices and polices a template by its own category, which may differ from what the request claims. */
    private static MessageCategory templateCategory(SendRequest request, TemplateState template) {
        boolean metaKnowsBetter = template != null && template.category() != null && template.category() != MessageCategory.UNKNOWN;
        return metaKnowsBetter ? template.category() : request.getTemplate().getCategory();
    }

    /** A window with no more than the margin left counts as closed: the send happens after the decision. */
    private static boolean isOpenAt(Instant closesAt, Instant latestSafeSend) {
        return closesAt != null && latestSafeSend.isBefore(closesAt);
    }
}
