package io.consentgate.domain.state;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
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
 *   <li><b>Windows run from the message's own time</b> and the newest is kept; a referral also opens a 72 h free entry
 *       point. ({@code shouldOpenTheWindowFromTheMessagesOwnTimestampAndKeepTheNewest},
 *       {@code shouldOpenA72HourFreeEntryPointFromAReferral})
 *   <li><b>Meta's marketing stop</b>, per sender, is lifted only by a newer resume; a late stop older than the resume
 *       changes nothing. ({@code shouldRecordMetasMarketingStopAndLiftItOnlyByANewerResume},
 *       {@code shouldNotLetALateStopOlderThanTheResumeStopMarketingAgain})
 *   <li><b>Delivery feedback</b>: 131050 stops marketing from the sender, 131049 backs it off for 24 h, 131047 counts a
 *       window mismatch. ({@code shouldTurnDeliveryFeedbackIntoState})
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
        Change change = new Change(current);
        boolean fromBeforeErasure = current.erasedAt() != null && !at.isAfter(current.erasedAt());
        if (fromBeforeErasure && !(payload instanceof OptOut || payload instanceof ErasureRequested)) {
            // A replay must not undo an erasure; opt-outs are still honoured.
            return change.remember(event.getEventId(), at);
        }
        if (current.isErased() && (payload instanceof OptIn || payload instanceof InboundMessage)) {
            // The person came back after the erasure: new personal data, collected anew.
            change.reidentify(ContactIdentity.ofCanonical(event.getContact()));
        }
        switch (payload) {
            case OptIn optIn -> optIn.getScopes().forEach(scope -> change.optIn(Scope.of(scope), at, optIn));
            case OptOut optOut -> optOut.getScopes().forEach(scope ->
                    change.optOut(Scope.of(scope), at, optOut.getChannel(), optOut.getEvidenceRef()));
            case InboundMessage message -> change.inbound(message, at, policies.of(event.getBusinessId()));
            case MarketingPreferenceChanged preference -> {
                switch (preference.getPreference()) {
                    case STOP -> change.sender(preference.getSenderId(), relation -> relation.marketingStopped(at));
                    case RESUME -> change.sender(preference.getSenderId(), relation -> relation.marketingResumed(at));
                    case UNKNOWN -> {
                    }
                }
            }
            case DeliveryStatusReported status -> deliveryFeedback(change, status, at);
            case ErasureRequested ignored -> change.erase(erasureHasher, at);
            default -> throw new IllegalArgumentException(
                    "event " + event.getEventId() + " has an unknown payload " + payload.getClass().getName());
        }
        return change.remember(event.getEventId(), at);
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

    private static void deliveryFeedback(Change change, DeliveryStatusReported status, Instant at) {
        for (int code : status.getErrorCodes()) {
            switch (code) {
                case MARKETING_STOPPED -> change.sender(status.getSenderId(), relation -> relation.marketingStopped(at));
                case PER_USER_MARKETING_CAP -> change.sender(status.getSenderId(), relation -> relation.marketingCapHit(at));
                case WINDOW_CLOSED -> change.sender(status.getSenderId(), SenderRelation::windowMismatch);
                default -> {
                }
            }
        }
    }

    /** The state being changed by one event: mutable copies, turned back into a record once. */
    private static final class Change {
        private final ContactFacts from;
        private Contact contact;
        private String contactHash;
        private Instant erasedAt;
        private final Map<Scope, ScopeConsent> scopes;
        private final Map<String, SenderRelation> senders;
        private final List<SentMessage> recentSends;

        Change(ContactFacts from) {
            this.from = from;
            this.contact = from.contact();
            this.contactHash = from.contactHash();
            this.erasedAt = from.erasedAt();
            this.scopes = new HashMap<>(from.scopes());
            this.senders = new HashMap<>(from.senders());
            this.recentSends = new ArrayList<>(from.recentSends());
        }

        void reidentify(Contact returning) {
            contact = returning;
            contactHash = null;
        }

        void optIn(Scope scope, Instant at, OptIn optIn) {
            offer(new ScopeConsent(scope, ConsentStatus.OPTED_IN, at, optIn.getChannel(), optIn.getConsentId(),
                    optIn.getEvidenceRef(), optIn.getExpiresAt()));
        }

        void optOut(Scope scope, Instant at, Channel channel, String evidenceRef) {
            ScopeConsent withdrawn = scopes.get(scope);
            ScopeConsent optOut = new ScopeConsent(scope, ConsentStatus.OPTED_OUT, at, channel,
                    withdrawn == null ? null : withdrawn.consentId(), evidenceRef,
                    withdrawn == null ? null : withdrawn.expiresAt());
            offer(contact == null ? optOut.anonymised() : optOut);
        }

        /** An opt-back-in keyword reinstates the opt-in each older opt-out withdrew, or else just lifts the opt-out. */
        void optBackIn(Instant at, String messageId) {
            for (ScopeConsent fact : List.copyOf(scopes.values())) {
                if (fact.isOptOut() && !at.isBefore(fact.since())) {
                    ConsentStatus status = fact.consentId() == null ? ConsentStatus.UNKNOWN : ConsentStatus.OPTED_IN;
                    scopes.put(fact.scope(), new ScopeConsent(fact.scope(), status, at, Channel.WHATSAPP,
                            fact.consentId(), messageId, fact.expiresAt()));
                }
            }
        }

        private void offer(ScopeConsent fact) {
            ScopeConsent existing = scopes.get(fact.scope());
            if (existing == null || existing.yieldsTo(fact)) {
                scopes.put(fact.scope(), fact);
            }
        }

        void inbound(InboundMessage message, Instant at, BusinessPolicy policy) {
            sender(message.getSenderId(), relation -> relation.inbound(at, message.getReferral() != null));
            switch (policy.keywords().intentOf(message)) {
                case OPT_OUT -> optOut(Scope.ALL, at, Channel.WHATSAPP, message.getMessageId());
                case STOP_PROMOTIONS -> optOut(Scope.MARKETING, at, Channel.WHATSAPP, message.getMessageId());
                case OPT_BACK_IN -> optBackIn(at, message.getMessageId());
                case NONE -> {
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
            scopes.values().removeIf(fact -> !fact.isOptOut());
            scopes.replaceAll((scope, fact) -> fact.anonymised());
            senders.replaceAll((senderId, relation) -> relation.anonymised());
            senders.values().removeIf(relation -> relation.marketingStoppedAt() == null);
            recentSends.clear();
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
            return new ContactFacts(from.businessId(), contact, contactHash, updatedAt, scopes, senders, recentSends, eventIds, erasedAt);
        }
    }
}
