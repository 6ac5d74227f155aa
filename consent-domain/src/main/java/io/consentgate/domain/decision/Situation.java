package io.consentgate.domain.decision;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.SenderRelation;
import java.time.Instant;

/** A valid request and everything the rules read about it, worked out once at decision time. */
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
        boolean insideWindow,
        boolean insideFreeEntryPoint,
        Instant now) {

    static Situation of(SendRequest request, Contact contact, ContactFacts facts, SenderState sender, TemplateState template,
                        BusinessPolicy policy, Instant now) {
        SenderRelation relation = facts.sender(request.getSenderId());
        boolean isTemplate = request.getKind() == MessageKind.TEMPLATE;
        MessageCategory category = isTemplate ? templateCategory(request, template) : MessageCategory.SERVICE;
        Instant latestSafeSend = now.plus(policy.windowMargin());
        return new Situation(request, contact, facts, relation,
                sender != null ? sender : SenderState.unknown(request.getBusinessId(), request.getSenderId()),
                template, policy, category,
                isTemplate ? facts.standingFor(category, request.getConsentTopic(), now) : ConsentStanding.NONE,
                isOpenAt(relation.windowClosesAt(), latestSafeSend),
                isOpenAt(relation.freeEntryPointClosesAt(), latestSafeSend),
                now);
    }

    Decision.Rejected reject(SendRule rule, String detail, Instant retryAfter, String consentId) {
        return reject(rule.reason(), detail, retryAfter, consentId);
    }

    /** Every rejection by a rule names the category it was decided as, and says so when Meta's differs from the request's. */
    Decision.Rejected reject(RejectionReason reason, String detail, Instant retryAfter, String consentId) {
        return new Decision.Rejected(reason, detail + categoryNote(), retryAfter, consentId, now, category);
    }

    /** Empty unless Meta's current category of the template differs from the one the request claims. */
    String categoryNote() {
        MessageCategory claimed = isTemplate() ? request.getTemplate().getCategory() : category;
        return claimed == category ? "" : " (decided as " + category + ", Meta's current category of template "
                + request.getTemplate().getName() + "; the request said " + claimed + ")";
    }

    boolean isTemplate() {
        return request.getKind() == MessageKind.TEMPLATE;
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
