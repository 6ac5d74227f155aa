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
 * {@code state' = apply(state, event)}: the one fold both the projector and the gate run, so they
 * can never disagree. Pure: the result depends only on the state, the event and the policies.
 */
public final class ContactStateFold {

    /** Enough to absorb webhook retries and replays; older duplicates are harmless because facts are newest-wins. */
    public static final int REMEMBERED_IDS = 32;

    private static final int WINDOW_CLOSED = 131047;
    private static final int PER_USER_MARKETING_CAP = 131049;
    private static final int MARKETING_STOPPED = 131050;

    private final BusinessPolicies policies;
    private final ErasureHasher erasureHasher;

    public ContactStateFold(BusinessPolicies policies, ErasureHasher erasureHasher) {
        this.policies = policies;
        this.erasureHasher = erasureHasher;
    }

    /**
     * @param state the contact's state, or null for a contact not seen before
     * @param event an event of this contact; its {@code contact} is canonical, as on the topic
     */
    public ContactState apply(ContactState state, ContactEvent event) {
        ContactState current = state != null ? state
                : ContactState.empty(event.getBusinessId(), ContactIdentity.ofCanonical(event.getContact()));
        if (current.hasSeen(event.getEventId())) {
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

    /** Records an approved send: its request id (a retry is then a duplicate) and, for the caps, the send. */
    public ContactState recordSend(ContactState state, String requestId, MessageCategory category, Instant decidedAt) {
        Change change = new Change(state);
        change.sent(category, decidedAt, policies.of(state.businessId()));
        return change.remember(requestId, decidedAt);
    }

    /** Records a rejected request's id: a retry of it is then a duplicate too. */
    public ContactState recordRejection(ContactState state, String requestId, Instant decidedAt) {
        return new Change(state).remember(requestId, decidedAt);
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
        private final ContactState from;
        private Contact contact;
        private String contactHash;
        private Instant erasedAt;
        private final Map<Scope, ScopeConsent> scopes;
        private final Map<String, SenderRelation> senders;
        private final List<SentMessage> recentSends;

        Change(ContactState from) {
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
            if (policy.frequencyCaps().stream().noneMatch(cap -> cap.category() == category)) {
                return;
            }
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

        ContactState remember(String id, Instant at) {
            List<String> ids = new ArrayList<>(from.recentIds());
            ids.add(id);
            List<String> kept = ids.size() > REMEMBERED_IDS ? ids.subList(ids.size() - REMEMBERED_IDS, ids.size()) : ids;
            Instant updatedAt = at.isAfter(from.updatedAt()) ? at : from.updatedAt();
            return new ContactState(from.businessId(), contact, contactHash, updatedAt, scopes, senders, recentSends, kept, erasedAt);
        }
    }
}
