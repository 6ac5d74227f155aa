package io.consentgate.domain.state;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.identity.Contact;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What is known about one contact of one business: everything the rules need, folded from its
 * events by {@link ContactFactsFold}. The domain's own form of it; the contract's Avro
 * {@code ContactState} is what stores keep and the projector publishes ({@link ContactFactsAvro}
 * maps between the two). No message text; every collection is bounded.
 *
 * @param contact        null once erased
 * @param contactHash    keyed hash of the contact, set once erased
 * @param scopes         the newest consent fact per scope
 * @param senders        windows and marketing preferences per business number
 * @param recentSends    approved sends of capped categories, oldest first
 * @param recentEventIds the last event ids applied, oldest first, so that a replay changes nothing (request ids are not
 *                       kept here: the gate remembers those, see {@code decision.DecidedRequests})
 * @param erasedAt       when the contact's personal data was erased; facts from before it are not taken back in
 * @param delivery       what Meta's delivery statuses say about reaching the contact (undeliverable run, suppression, pair limits)
 */
public record ContactFacts(
        String businessId,
        Contact contact,
        String contactHash,
        Instant updatedAt,
        Map<Scope, ScopeConsent> scopes,
        Map<String, SenderRelation> senders,
        List<SentMessage> recentSends,
        List<String> recentEventIds,
        Instant erasedAt,
        DeliveryFeedback delivery) {

    /** By time; facts of the same instant by scope, narrowest last, so no answer depends on map order. */
    private static final Comparator<ScopeConsent> NEWEST_LAST =
            Comparator.comparing(ScopeConsent::since).thenComparing(ScopeConsent::scope, Scope.BROAD_TO_NARROW);

    public ContactFacts {
        scopes = Map.copyOf(scopes);
        senders = Map.copyOf(senders);
        recentSends = List.copyOf(recentSends);
        recentEventIds = List.copyOf(recentEventIds);
        delivery = delivery == null ? DeliveryFeedback.NONE : delivery;
    }

    /** Facts without delivery feedback. */
    public ContactFacts(String businessId, Contact contact, String contactHash, Instant updatedAt, Map<Scope, ScopeConsent> scopes,
                        Map<String, SenderRelation> senders, List<SentMessage> recentSends, List<String> recentEventIds, Instant erasedAt) {
        this(businessId, contact, contactHash, updatedAt, scopes, senders, recentSends, recentEventIds, erasedAt, DeliveryFeedback.NONE);
    }

    public static ContactFacts empty(String businessId, Contact contact) {
        return new ContactFacts(businessId, contact, null, Instant.EPOCH, Map.of(), Map.of(), List.of(), List.of(), null);
    }

    public boolean isErased() {
        return contact == null;
    }

    /** Whether the event was applied already (one of the last {@link ContactFactsFold#REMEMBERED_IDS}). */
    public boolean hasApplied(String eventId) {
        return recentEventIds.contains(eventId);
    }

    public SenderRelation sender(String senderId) {
        SenderRelation relation = senders.get(senderId);
        return relation == null ? SenderRelation.none(senderId) : relation;
    }

    /**
     * Weighs every consent fact covering a message of this category and topic: the newest covering
     * opt-out is beaten only by a newer, unexpired opt-in. A message without a topic stands for every topic: when the
     * contact stands opted out of any topic of its category, so does the message (fail closed).
     */
    public ConsentStanding standingFor(MessageCategory category, String topic, Instant now) {
        ConsentStanding standing = standingOf(category, topic, now);
        if (topic != null || standing instanceof ConsentStanding.OptedOut) {
            return standing;
        }
        ConsentStanding.OptedOut topicOptOut = null;
        for (ScopeConsent fact : scopes.values()) {
            String factTopic = fact.scope().topic();
            if (factTopic != null && fact.isOptOut() && fact.scope().covers(category, factTopic)
                    && standingOf(category, factTopic, now) instanceof ConsentStanding.OptedOut optedOut
                    && (topicOptOut == null || NEWEST_LAST.compare(optedOut.optOut(), topicOptOut.optOut()) > 0)) {
                topicOptOut = optedOut;
            }
        }
        return topicOptOut != null ? topicOptOut : standing;
    }

    /**
     * The opt-out a confirmation request names, if the facts hold it.
     */
    public ScopeConsent optOutNamed(String optOutId) {
        return scopes.values().stream().filter(fact -> fact.isNamedBy(optOutId)).findFirst().orElse(null);
    }

    private ConsentStanding standingOf(MessageCategory category, String topic, Instant now) {
        ScopeConsent newestOptOut = null;
        for (ScopeConsent fact : scopes.values()) {
            if (fact.isOptOut() && fact.scope().covers(category, topic)
                    && (newestOptOut == null || NEWEST_LAST.compare(fact, newestOptOut) > 0)) {
                newestOptOut = fact;
            }
        }
        ScopeConsent newestActive = null;
        ScopeConsent newestExpired = null;
        for (ScopeConsent fact : scopes.values()) {
            if (!fact.isOptIn() || !fact.scope().covers(category, topic)
                    || newestOptOut != null && !fact.since().isAfter(newestOptOut.since())) {
                continue;
            }
            if (fact.expiredAt(now)) {
                newestExpired = newer(newestExpired, fact);
            } else {
                newestActive = newer(newestActive, fact);
            }
        }
        if (newestActive != null) {
            return new ConsentStanding.Granted(newestActive);
        }
        if (newestExpired != null) {
            return new ConsentStanding.Expired(newestExpired);
        }
        return newestOptOut != null ? new ConsentStanding.OptedOut(newestOptOut) : ConsentStanding.NONE;
    }

    private static ScopeConsent newer(ScopeConsent current, ScopeConsent candidate) {
        return current == null || NEWEST_LAST.compare(candidate, current) > 0 ? candidate : current;
    }
}
