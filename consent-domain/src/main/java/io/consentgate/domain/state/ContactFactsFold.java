package io.consentgate.domain.state;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.keyword.KeywordIntent;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * {@code facts' = apply(facts, event)}: the one fold both the projector and the gate run, so they
 * can never disagree.
 *
 * <p>Invariants, each pinned by the test named after it (in {@code ContactFactsFoldTest} unless another class is named):
 * <ol>
 *   <li><b>Pure.</b> The result depends only on the facts, the event and the business's policy; the same history
 *       folds to equal facts every time. ({@code ContactFactsProperties#shouldFoldTheSameHistoryToEqualFactsEveryTime})
 *   <li><b>Replays change nothing.</b> An event whose id is among the last {@link #REMEMBERED_IDS} applied gives the
 *       facts back as they were. ({@code shouldChangeNothingWhenTheSameEventIsAppliedTwice},
 *       {@code ContactFactsProperties#shouldChangeNothingWhenAnAppliedEventIsAppliedAgain})
 *   <li><b>Bounded memory of ids.</b> Only the last {@link #REMEMBERED_IDS} event ids are kept; beyond them every fact
 *       is newest-wins anyway, except the 131047 counter. ({@code shouldRememberABoundedNumberOfIds})
 *   <li><b>Newest fact wins per scope</b>, whatever order the events arrive in; {@code updatedAt} never moves back.
 *       ({@code shouldKeepTheNewestFactOfAScopeWhateverOrderTheEventsArriveIn})
 *   <li><b>An opt-out beats an opt-in of the same scope at the same instant</b>, in either order.
 *       ({@code shouldLetAnOptOutBeatAnOptInOfTheSameInstantInEitherOrder})
 *   <li><b>Keyword opt-outs</b>: an opt-out keyword opts out of ALL, the "Stop promotions" button of MARKETING; the
 *       message id is the evidence. ({@code shouldRecordAKeywordOptOutWithTheMessageIdAsEvidence},
 *       {@code shouldOptOutOfMarketingOnlyOnTheStopPromotionsButton})
 *   <li><b>An opt-back-in keyword reinstates what each older opt-out withdrew</b> (an opt-out keeps the withdrawn
 *       consent's id and expiry for this) ({@code shouldReinstateTheOptInAnOptOutWithdrewOnAnOptBackInKeyword}),
 *       <b>and never invents consent</b>: where none was withdrawn it only lifts the opt-out, keeping its time, so a
 *       late older opt-out cannot land again. ({@code shouldLiftAnOptOutWithoutEarlierConsentOnOptBackInAndKeepLateOlderOptOutsOut})
 *   <li><b>Windows run from the message's own time</b> and the newest is kept; a referral is a pending free entry point,
 *       opened for 72 h by the first business message delivered within 24 h after it, whatever order the statuses
 *       arrive in. ({@code shouldOpenTheWindowFromTheMessagesOwnTimestampAndKeepTheNewest},
 *       {@code shouldOpenA72HourFreeEntryPointFromTheFirstReplyDeliveredWithin24HoursOfAReferral},
 *       {@code shouldCountTheEarliestDeliveryWhateverOrderTheStatusesArriveIn})
 *   <li><b>Meta's marketing stop</b>, per sender, is lifted only by a newer resume; a late stop older than the resume
 *       changes nothing. ({@code shouldRecordMetasMarketingStopAndLiftItOnlyByANewerResume},
 *       {@code shouldNotLetALateStopOlderThanTheResumeStopMarketingAgain})
 *   <li><b>Delivery feedback</b>: 131050 stops marketing from the sender, 131049 backs it off for 24 h, 131047 counts a
 *       window mismatch. ({@code shouldTurnDeliveryFeedbackIntoState}) 131026 in a row (no delivered or read status, message
 *       or opt-in between) suppress the contact at the policy's threshold, until it writes or opts in; 131056 backs the pair
 *       off. ({@code DeliveryFeedbackTest}, {@code DeliveryFeedbackProperties})
 *   <li><b>Erasure keeps only opt-outs and marketing stops</b>: a keyed hash instead of the contact, the opt-outs with
 *       scope and time only, per-sender marketing stops; windows, sends, consent ids and evidence go.
 *       ({@code shouldKeepOnlyAKeyedHashAndTheOptOutsAfterAnErasure})
 *   <li><b>A replay cannot undo an erasure</b>: facts from before it are not taken back in
 *       ({@code shouldNotLetAReplayOfOlderFactsUndoAnErasure}), except opt-outs, which are always honoured
 *       ({@code shouldStillTakeInAnOptOutFromBeforeTheErasure}).
 *   <li><b>A person who comes back is known again</b>: an opt-in or a message after the erasure re-identifies the
 *       contact. ({@code shouldKnowTheContactAgainWhenItWritesAfterTheErasure})
 *   <li><b>Bounded sends</b>: {@link #recordSend} keeps only sends of capped categories, within the longest cap period,
 *       at most the largest cap per category; not the request's id, which is the gate's to remember (see
 *       {@code decision.DecidedRequests}). ({@code shouldKeepOnlyTheSendsTheCapsCanStillCount})
 * </ol>
 */
public final class ContactFactsFold {

    /** Enough to absorb webhook retries and replays; older duplicates are harmless because facts are newest-wins. */
    public static final int REMEMBERED_IDS = 32;

    private static final int WINDOW_CLOSED = 131047;
    private static final int UNDELIVERABLE = 131026;
    private static final int PAIR_RATE_LIMIT = 131056;
    private static final int PER_USER_MARKETING_CAP = 131049;
    private static final int MARKETING_STOPPED = 131050;

    private final BusinessPolicies policies;
    private final ErasureHasher erasureHasher;

    public ContactFactsFold(BusinessPolicies policies, ErasureHasher erasureHasher) {
        this.policies = policies;
        this.erasureHasher = erasureHasher;
    }

    /**
     * @param facts what is known about the contact, or null for a contact not seen before
     * @param event an event of this contact; its {@code contact} is canonical, as on the topic
     */
    public ContactFacts apply(ContactFacts facts, ContactEvent event) {
        ContactFacts current = facts != null ? facts
                : ContactFacts.empty(event.getBusinessId(), ContactIdentity.ofCanonical(event.getContact()));
        if (current.hasApplied(event.getEventId())) {
            return current;
        }
        Instant at = event.getOccurredAt();
        Object payload = event.getPayload();
        String eventId = event.getEventId();
        BusinessPolicy policy = policies.of(event.getBusinessId());
        Change change = new Change(current);
        boolean fromBeforeErasure = current.erasedAt() != null && !at.isAfter(current.erasedAt());
        if (fromBeforeErasure) {
            // A replay must not undo an erasure, and an erasure must not forget a refusal: of what happened before it,
            // only opt-outs and marketing stops are taken in, whenever they arrive.
            refusalsOnly(change, payload, at, eventId, policy);
            return change.remember(eventId, at);
        }
        if (current.isErased() && (payload instanceof OptIn || payload instanceof InboundMessage)) {
            // The person came back after the erasure: new personal data, collected anew.
            change.reidentify(ContactIdentity.ofCanonical(event.getContact()));
        }
        switch (payload) {
            case OptIn optIn -> {
                optIn.getScopes().forEach(scope -> change.optIn(Scope.of(scope), at, optIn, eventId));
                change.delivery = change.delivery.reachedOut(at);
            }
            case OptOut optOut -> optOut.getScopes().forEach(scope ->
                    change.optOut(Scope.of(scope), at, optOut.getChannel(), optOut.getEvidenceRef(), optOut.getMethod(), eventId));
            case InboundMessage message -> {
                change.inbound(message, at, policy, eventId);
                change.delivery = change.delivery.reachedOut(at);
            }
            case MarketingPreferenceChanged preference -> {
                switch (preference.getPreference()) {
                    case STOP -> change.sender(preference.getSenderId(), relation -> relation.marketingStopped(at));
                    case RESUME -> change.sender(preference.getSenderId(), relation -> relation.marketingResumed(at));
                    case UNKNOWN -> {
                    }
                }
            }
            case DeliveryStatusReported status -> {
                deliveryFeedback(change, status, at, policy);
                replyDelivered(change, status, at);
            }
            case ErasureRequested ignored -> change.erase(erasureHasher, at);
            default -> throw new IllegalArgumentException(
                    "event " + eventId + " has an unknown payload " + payload.getClass().getName());
        }
        return change.remember(eventId, at);
    }

    /** An event from before the erasure: only the refusal in it counts (opt-out, keyword opt-out, marketing stop, 131050). */
    private void refusalsOnly(Change change, Object payload, Instant at, String eventId, BusinessPolicy policy) {
        switch (payload) {
            case OptOut optOut -> optOut.getScopes().forEach(scope ->
                    change.optOut(Scope.of(scope), at, optOut.getChannel(), optOut.getEvidenceRef(), optOut.getMethod(), eventId));
            case InboundMessage message -> change.keywordOptOut(message, at, policy, eventId);
            case MarketingPreferenceChanged preference when preference.getPreference() == MarketingPreference.STOP ->
                    change.sender(preference.getSenderId(), relation -> relation.marketingStopped(at));
            case DeliveryStatusReported status when status.getErrorCodes().contains(MARKETING_STOPPED) ->
                    change.sender(status.getSenderId(), relation -> relation.marketingStopped(at));
            case ErasureRequested ignored -> change.erase(erasureHasher, at);
            default -> {
            }
        }
    }

    /**
     * Records that the gate approved the one confirmation of an opt-out, so that a second one is refused. Facts without
     * that opt-out come back unchanged.
     *
     * @param optOutId  what the request named the opt-out by ({@link ScopeConsent#isNamedBy})
     * @param requestId the confirmation request's id
     */
    public ContactFacts recordConfirmation(ContactFacts facts, String optOutId, String requestId, Instant decidedAt) {
        Change change = new Change(facts);
        if (!change.confirm(optOutId, requestId, decidedAt)) {
            return facts;
        }
        return change.done(decidedAt);
    }

    /**
     * Records an approved send for the frequency caps. A send of a category no cap counts changes nothing: the same
     * facts come back. Its request id is not recorded: duplicates are the caller's (see {@code decision.DecidedRequests}).
     */
    public ContactFacts recordSend(ContactFacts facts, MessageCategory category, Instant decidedAt) {
        BusinessPolicy policy = policies.of(facts.businessId());
        if (!policy.caps(category)) {
            return facts;
        }
        Change change = new Change(facts);
        change.sent(category, decidedAt, policy);
        return change.done(decidedAt);
    }

    /**
     * 131050, 131049 and 131047 as before; 131026 counts in the contact's undeliverable run, which a delivered or read status
     * resets; 131056 backs the pair off. The sender's own limits (131048, 130429) are the business's state: the intake
     * publishes them as {@code SenderRateLimited} business events.
     */
    private static void deliveryFeedback(Change change, DeliveryStatusReported status, Instant at, BusinessPolicy policy) {
        if (status.getStatus() == DeliveryStatus.DELIVERED || status.getStatus() == DeliveryStatus.READ) {
            change.delivery = change.delivery.delivered(at);
        }
        for (int code : status.getErrorCodes()) {
            switch (code) {
                case UNDELIVERABLE -> change.delivery = change.delivery.undeliverable(at, policy.delivery());
                case PAIR_RATE_LIMIT -> change.delivery = change.delivery.pairRateLimited(status.getSenderId(), at);
                case MARKETING_STOPPED -> change.sender(status.getSenderId(), relation -> relation.marketingStopped(at));
                case PER_USER_MARKETING_CAP -> change.sender(status.getSenderId(), relation -> relation.marketingCapHit(at));
                case WINDOW_CLOSED -> change.sender(status.getSenderId(), SenderRelation::windowMismatch);
                default -> {
                }
            }
        }
    }

    /**
     * A business message delivered (Meta's DELIVERED, at its own timestamp) may open the free entry point of a referral
     * (see {@link SenderRelation#delivered}). Only DELIVERED counts: SENT is no delivery, and READ's time is later than the
     * delivery, so it would move the entry point's end past Meta's. Cost only: no rule that approves or refuses reads it.
     * When Meta prices the message {@code free_entry_point} ({@code pricing.type}), Meta's word beats the prediction: the
     * entry point is open even without a referral the gate saw ({@link SenderRelation#deliveredInFreeEntryPoint}).
     */
    private static void replyDelivered(Change change, DeliveryStatusReported status, Instant at) {
        if (status.getStatus() != DeliveryStatus.DELIVERED) {
            return;
        }
        if (FREE_ENTRY_POINT.equals(status.getPricingType())) {
            change.sender(status.getSenderId(), relation -> relation.deliveredInFreeEntryPoint(at));
        } else {
            change.sender(status.getSenderId(), relation -> relation.delivered(at));
        }
    }

    /** Meta's {@code pricing.type} of a message inside a free entry point. */
    private static final String FREE_ENTRY_POINT = "free_entry_point";

    /** The state being changed by one event: mutable copies, turned back into a record once. */
    private static final class Change {
        private final ContactFacts from;
        private Contact contact;
        private String contactHash;
        private Instant erasedAt;
        private final Map<Scope, ScopeConsent> scopes;
        private final Map<String, SenderRelation> senders;
        private final List<SentMessage> recentSends;
        DeliveryFeedback delivery;

        Change(ContactFacts from) {
            this.from = from;
            this.contact = from.contact();
            this.contactHash = from.contactHash();
            this.erasedAt = from.erasedAt();
            this.scopes = new HashMap<>(from.scopes());
            this.senders = new HashMap<>(from.senders());
            this.recentSends = new ArrayList<>(from.recentSends());
            this.delivery = from.delivery();
        }

        void reidentify(Contact returning) {
            contact = returning;
            contactHash = null;
        }

        void optIn(Scope scope, Instant at, OptIn optIn, String eventId) {
            offer(new ScopeConsent(scope, ConsentStatus.OPTED_IN, at, optIn.getChannel(), optIn.getConsentId(),
                    optIn.getEvidenceRef(), optIn.getExpiresAt(), null, eventId, null, null, null));
        }

        void optOut(Scope scope, Instant at, Channel channel, String evidenceRef, OptOutMethod method, String eventId) {
            // It withdraws the consent the scope's fact holds, unless that is a fresh opt-in of the same instant: such a one
            // is never reinstated by a keyword (see offer), whichever of the two arrives first.
            ScopeConsent withdrawn = scopes.get(scope);
            boolean withdraws = withdrawn != null && withdrawn.consentId() != null
                    && (withdrawn.since().isBefore(at) || !withdrawn.isFreshOptIn());
            ScopeConsent optOut = new ScopeConsent(scope, ConsentStatus.OPTED_OUT, at, channel,
                    withdraws ? withdrawn.consentId() : null, evidenceRef, withdraws ? withdrawn.expiresAt() : null,
                    method, eventId, null, null, null);
            // One from before the erasure keeps only what an erasure keeps; one made after it is new and kept whole
            // (decided by time, not by whether the contact was re-identified yet, so arrival order does not matter).
            offer(erasedAt != null && !at.isAfter(erasedAt) ? optOut.anonymised() : optOut);
        }

        /**
         * An opt-back-in keyword undoes only what it names: keyword opt-outs made in WhatsApp, older than it. It reinstates
         * the opt-in such an opt-out withdrew if that had not expired by now; otherwise it only lifts the opt-out. Opt-outs
         * from other channels, complaints, administrative blocks and Meta's marketing stop stay.
         */
        void optBackIn(Instant at, String messageId) {
            for (ScopeConsent fact : List.copyOf(scopes.values())) {
                if (fact.isKeywordOptOut() && at.isAfter(fact.since())) {
                    // A lifted opt-out keeps the withdrawn consent's id and expiry (it grants nothing), so that an opt-out of
                    // the same instant withdraws the same consent whichever arrives first.
                    boolean reinstates = fact.consentId() != null && !fact.expiredAt(at);
                    scopes.put(fact.scope(), new ScopeConsent(fact.scope(), reinstates ? ConsentStatus.OPTED_IN : ConsentStatus.UNKNOWN,
                            at, Channel.WHATSAPP, fact.consentId(), messageId, fact.expiresAt(), OptOutMethod.KEYWORD, null,
                            fact.since(), null, null)); // the message id is the evidence; no event id, so a redelivery is the same fact
                }
            }
        }

        /** @return whether an opt-out of the facts is the one named, and its confirmation was recorded */
        boolean confirm(String optOutId, String requestId, Instant at) {
            for (ScopeConsent fact : List.copyOf(scopes.values())) {
                if (fact.isNamedBy(optOutId) && fact.confirmedAt() == null) {
                    scopes.put(fact.scope(), fact.confirmed(at, requestId));
                    return true;
                }
            }
            return false;
        }

        /**
         * Newest fact wins. A fact that is not an opt-out remembers the newest opt-out it (or one it replaced) lifted,
         * also one that arrives late, so that an erasure keeps every opt-out made before it whatever the arrival order.
         */
        private void offer(ScopeConsent fact) {
            ScopeConsent existing = scopes.get(fact.scope());
            if (existing == null || existing.yieldsTo(fact)) {
                scopes.put(fact.scope(), existing == null || fact.isOptOut() ? fact : carryLift(fact, existing));
            } else if (existing.isOptOut() && fact.isFreshOptIn() && fact.since().equals(existing.since())) {
                scopes.put(fact.scope(), existing.withdrawingNothing());
            } else if (!existing.isOptOut() && (fact.isOptOut() || fact.liftedOptOutAt() != null)) {
                scopes.put(fact.scope(), carryLift(existing, fact));
            }
        }

        private static ScopeConsent carryLift(ScopeConsent into, ScopeConsent from) {
            Instant lifted = from.isOptOut() ? from.since() : from.liftedOptOutAt();
            return lifted == null ? into : into.lifting(lifted);
        }

        /**
         * The message opens the window from its own time even when it is a keyword: that a STOP opens no window for
         * anything else is the send rules' to say (a window counts only when opened after the newest opt-out covering
         * the request), so the one confirmation can still go where Meta has the window open.
         */
        void inbound(InboundMessage message, Instant at, BusinessPolicy policy, String eventId) {
            sender(message.getSenderId(), relation -> relation.inbound(at, message.getReferral() != null));
            if (policy.keywords().intentOf(message) == KeywordIntent.OPT_BACK_IN) {
                optBackIn(at, message.getMessageId());
            } else {
                keywordOptOut(message, at, policy, eventId);
            }
        }

        void keywordOptOut(InboundMessage message, Instant at, BusinessPolicy policy, String eventId) {
            switch (policy.keywords().intentOf(message)) {
                case OPT_OUT -> optOut(Scope.ALL, at, Channel.WHATSAPP, message.getMessageId(), OptOutMethod.KEYWORD, eventId);
                case STOP_PROMOTIONS -> optOut(Scope.MARKETING, at, Channel.WHATSAPP, message.getMessageId(),
                        OptOutMethod.STOP_PROMOTIONS_BUTTON, eventId);
                case OPT_BACK_IN, NONE -> {
                }
            }
        }

        void sender(String senderId, UnaryOperator<SenderRelation> update) {
            senders.put(senderId, update.apply(senders.getOrDefault(senderId, SenderRelation.none(senderId))));
        }

        /** Keeps only what the caps can still count: the last sends of each capped category within the longest period. */
        void sent(MessageCategory category, Instant at, BusinessPolicy policy) {
            recentSends.add(new SentMessage(category, at));
            recentSends.sort(Comparator.comparing(SentMessage::at));
            Instant forgetBefore = at.minus(policy.longestCapPeriod());
            recentSends.removeIf(send -> !send.at().isAfter(forgetBefore));
            long excess = recentSends.stream().filter(send -> send.category() == category).count() - policy.largestCap();
            for (Iterator<SentMessage> oldestFirst = recentSends.iterator(); excess > 0 && oldestFirst.hasNext(); ) {
                if (oldestFirst.next().category() == category) {
                    oldestFirst.remove();
                    excess--;
                }
            }
        }

        void erase(ErasureHasher hasher, Instant at) {
            if (contact != null) {
                contactHash = hasher.hash(from.businessId(), contact.canonical());
                contact = null;
            }
            erasedAt = erasedAt == null || at.isAfter(erasedAt) ? at : erasedAt;
            // Every opt-out made before the erasure stays, also one an opt-in had lifted: erasure never forgets a refusal.
            scopes.replaceAll((scope, fact) -> fact.refusalKept());
            scopes.values().removeIf(java.util.Objects::isNull);
            senders.replaceAll((senderId, relation) -> relation.anonymised());
            senders.values().removeIf(relation -> relation.marketingStoppedAt() == null);
            recentSends.clear();
            delivery = DeliveryFeedback.NONE; // personal history; the erasure itself holds every send back
        }

        /** The facts after an event: its id is remembered, so that a replay of it changes nothing. */
        ContactFacts remember(String eventId, Instant at) {
            List<String> ids = new ArrayList<>(from.recentEventIds());
            ids.add(eventId);
            List<String> kept = ids.size() > REMEMBERED_IDS ? ids.subList(ids.size() - REMEMBERED_IDS, ids.size()) : ids;
            return done(at, kept);
        }

        ContactFacts done(Instant at) {
            return done(at, from.recentEventIds());
        }

        private ContactFacts done(Instant at, List<String> eventIds) {
            Instant updatedAt = at.isAfter(from.updatedAt()) ? at : from.updatedAt();
            return new ContactFacts(from.businessId(), contact, contactHash, updatedAt, scopes, senders, recentSends, eventIds, erasedAt, delivery);
        }
    }
}
