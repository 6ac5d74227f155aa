package io.consentgate.projector.web;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.projector.topology.SendDecision;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.DeliveryFeedback;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.domain.state.Scope;
import io.consentgate.domain.state.SenderRelation;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contact's current state as the API shows it.
 *
 * @param contact   the canonical contact; null when only an erased remnant remains
 * @param erased    the contact's personal data was erased; only opt-outs (and marketing stops) remain
 * @param standing  per message category (without a topic), where the contact stands now:
 *                  OPTED_IN, OPTED_OUT, EXPIRED or NONE
 * @param scopeStanding where the contact stands per message category and topic the facts name (a category without a
 *                  topic stands for every topic): OPTED_IN, OPTED_OUT, EXPIRED or NONE
 * @param scopes    the newest consent fact per scope; an opt-out with the state of its one confirmation message
 * @param senders   per business number: the customer service window and free entry point, marketing stop
 * @param linkedTo  asked by a phone number linked to a BSUID: that BSUID, whose state (the person's) this is
 *                  (docs/identity.md); null when asked by the person's own contact (then {@code contact} is the BSUID)
 * @param aliases   the phone numbers linked to the person's BSUID: one person, under each of these identities
 * @param delivery  what Meta's delivery statuses say: the undeliverable run (131026), the suppression it led to, pair rate limits
 */
public record ContactView(
        String businessId,
        String contact,
        boolean erased,
        Instant erasedAt,
        Instant updatedAt,
        Map<MessageCategory, String> standing,
        List<ScopeStandingView> scopeStanding,
        List<ScopeView> scopes,
        List<SenderView> senders,
        String linkedTo,
        List<String> aliases,
        DeliveryView delivery) {

    private static final List<MessageCategory> CATEGORIES =
            List.of(MessageCategory.MARKETING, MessageCategory.UTILITY, MessageCategory.AUTHENTICATION);

    public record ScopeView(String category, String topic, ConsentStatus status, Instant since, Channel channel,
                            String consentId, String evidenceRef, Instant expiresAt, boolean expired, OptOutMethod method,
                            ConfirmationView confirmation) {
    }

    public record ScopeStandingView(MessageCategory category, String topic, String standing) {
    }

    /**
     * The one confirmation message an opt-out allows.
     *
     * @param closesAt    it may be sent until then (24 h after the opt-out)
     * @param confirmedAt when the gate approved it, if it did
     * @param confirmedBy that request's id
     * @param open        it may still be sent now
     */
    public record ConfirmationView(Instant closesAt, Instant confirmedAt, String confirmedBy, boolean open) {
    }

    public record SenderView(String senderId, Instant lastInboundAt, boolean windowOpen, Instant windowClosesAt,
                             boolean freeEntryPointOpen, Instant freeEntryPointClosesAt, boolean marketingStopped,
                             Instant marketingStoppedAt, Instant marketingBackoffUntil) {
    }

    /**
     * Delivery feedback about the contact.
     *
     * @param suppressed          business-initiated sends are held (CONTACT_UNDELIVERABLE), and audiences leave it out, until it
     *                            writes or opts in again
     * @param suppressedSince     when the run of undeliverable failures reached the policy's threshold; null when not suppressed
     * @param undeliverableInARow the 131026 failures since the last delivered or read status, message or opt-in
     * @param pairRateLimitedAt   per business number, Meta's latest pair rate limit (131056) for this contact
     */
    public record DeliveryView(boolean suppressed, Instant suppressedSince, int undeliverableInARow, Map<String, Instant> pairRateLimitedAt) {

        static DeliveryView of(DeliveryFeedback delivery) {
            return new DeliveryView(delivery.isSuppressed(), delivery.suppressedSince(), delivery.undeliverableAt().size(),
                    new java.util.TreeMap<>(delivery.pairRateLimitedAt()));
        }
    }

    public static ContactView of(ContactFacts state, Instant now) {
        return of(state, List.of(), now);
    }

    /** @param decisions the contact's newest decisions held: an approved confirmation among them marks its opt-out confirmed */
    public static ContactView of(ContactFacts state, List<SendDecision> decisions, Instant now) {
        return of(state, decisions, null, List.of(), now);
    }

    /** The person's state, with its place among the person's identities (docs/identity.md). */
    public static ContactView of(ContactFacts state, List<SendDecision> decisions, String linkedTo, List<String> aliases, Instant now) {
        Map<MessageCategory, String> standing = new LinkedHashMap<>();
        CATEGORIES.forEach(category -> standing.put(category, standingName(state.standingFor(category, null, now))));
        List<String> topics = state.scopes().keySet().stream().map(Scope::topic).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        List<ScopeStandingView> scopeStanding = new java.util.ArrayList<>();
        for (MessageCategory category : CATEGORIES) {
            scopeStanding.add(new ScopeStandingView(category, null, standing.get(category)));
            topics.forEach(topic -> scopeStanding.add(new ScopeStandingView(category, topic, standingName(state.standingFor(category, topic, now)))));
        }
        return new ContactView(
                state.businessId(),
                state.isErased() ? null : state.contact().canonical(),
                state.isErased(),
                state.erasedAt(),
                state.updatedAt(),
                standing,
                scopeStanding,
                state.scopes().values().stream()
                        .sorted(Comparator.comparing(ScopeConsent::scope, Scope.BROAD_TO_NARROW))
                        .map(fact -> scopeView(fact, decisions, now))
                        .toList(),
                state.senders().values().stream()
                        .sorted(Comparator.comparing(SenderRelation::senderId))
                        .map(relation -> senderView(relation, now))
                        .toList(),
                linkedTo,
                List.copyOf(aliases),
                DeliveryView.of(state.delivery()));
    }

    private static String standingName(ConsentStanding standing) {
        return switch (standing) {
            case ConsentStanding.Granted ignored -> "OPTED_IN";
            case ConsentStanding.OptedOut ignored -> "OPTED_OUT";
            case ConsentStanding.Expired ignored -> "EXPIRED";
            case ConsentStanding.None ignored -> "NONE";
        };
    }

    private static ScopeView scopeView(ScopeConsent fact, List<SendDecision> decisions, Instant now) {
        return new ScopeView(fact.scope().category().name(), fact.scope().topic(), fact.status(), fact.since(), fact.channel(),
                fact.consentId(), fact.evidenceRef(), fact.expiresAt(), fact.isOptIn() && fact.expiredAt(now), fact.method(),
                fact.isOptOut() ? confirmation(fact, decisions, now) : null);
    }

    /** The gate records the confirmation in its own state; the projector learns it from the approved decision it keeps. */
    private static ConfirmationView confirmation(ScopeConsent optOut, List<SendDecision> decisions, Instant now) {
        Instant confirmedAt = optOut.confirmedAt();
        String confirmedBy = optOut.confirmedBy();
        for (SendDecision decision : decisions) {
            if (confirmedAt == null && decision.outcome() == SendDecision.Outcome.APPROVED && decision.basis() == ApprovalBasis.OPT_OUT_CONFIRMATION
                    && optOut.isNamedBy(decision.confirmsOptOut())) {
                confirmedAt = decision.decidedAt();
                confirmedBy = decision.requestId();
            }
        }
        Instant closesAt = optOut.confirmationClosesAt();
        return new ConfirmationView(closesAt, confirmedAt, confirmedBy, confirmedAt == null && now.isBefore(closesAt)
                && (optOut.eventId() != null || optOut.evidenceRef() != null));
    }

    private static SenderView senderView(SenderRelation relation, Instant now) {
        Instant windowClosesAt = relation.windowClosesAt();
        Instant freeEntryPointClosesAt = relation.freeEntryPointClosesAt();
        return new SenderView(relation.senderId(), relation.lastInboundAt(),
                windowClosesAt != null && now.isBefore(windowClosesAt), windowClosesAt,
                freeEntryPointClosesAt != null && now.isBefore(freeEntryPointClosesAt), freeEntryPointClosesAt,
                relation.isMarketingStopped(), relation.marketingStoppedSince(), relation.marketingBackoffUntil());
    }
}
