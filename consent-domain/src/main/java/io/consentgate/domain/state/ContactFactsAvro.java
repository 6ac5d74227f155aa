package io.consentgate.domain.state;

import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactDeliveryState;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.PairRateLimit;
import io.consentgate.avro.RecentSend;
import io.consentgate.avro.ScopeState;
import io.consentgate.avro.SenderContactState;
import io.consentgate.domain.identity.ContactIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one mapping between the domain's {@link ContactFacts} and the contract's
 * {@link ContactState}: what stores keep and the projector publishes.
 * Lists are written in a stable order, so equal states serialise to equal bytes.
 */
public final class ContactFactsAvro {

    private ContactFactsAvro() {
    }

    public static ContactState toAvro(ContactFacts state) {
        return ContactState.newBuilder()
                .setBusinessId(state.businessId())
                .setContact(state.isErased() ? null : state.contact().canonical())
                .setContactHash(state.contactHash())
                .setUpdatedAt(state.updatedAt())
                .setScopes(state.scopes().values().stream()
                        .sorted(Comparator.comparing((ScopeConsent fact) -> fact.scope().category())
                                .thenComparing(fact -> fact.scope().topic(), Comparator.nullsFirst(Comparator.naturalOrder())))
                        .map(ContactFactsAvro::toAvro)
                        .toList())
                .setSenders(state.senders().values().stream()
                        .sorted(Comparator.comparing(SenderRelation::senderId))
                        .map(ContactFactsAvro::toAvro)
                        .toList())
                .setRecentSends(state.recentSends().stream().map(send -> new RecentSend(send.category(), send.at())).toList())
                .setRecentEventIds(state.recentEventIds())
                .setErasedAt(state.erasedAt())
                .setDelivery(toAvro(state.delivery()))
                // The identity fields are the gate's to fill (its Identity); set to their schema defaults here, because a
                // field left unset makes build() deep-copy its default from the schema for every state (issue 17's profile).
                .setLinkedTo(null)
                .setAliases(List.of())
                .build();
    }

    /**
     * Loops rather than streams: this runs for every state a decision or a fold reads, and the streams' pipelines were
     * 4% of the gate's stream threads at saturation (issue 17).
     *
     * @throws io.consentgate.domain.identity.InvalidContactException if the stored contact is not canonical
     * @throws IllegalStateException if the stored state names a scope or a sender twice (it was not written here)
     */
    public static ContactFacts fromAvro(ContactState avro) {
        Map<Scope, ScopeConsent> scopes = new HashMap<>();
        for (ScopeState scope : avro.getScopes()) {
            ScopeConsent fact = fromAvro(scope);
            putOnce(scopes, fact.scope(), fact);
        }
        Map<String, SenderRelation> senders = new HashMap<>();
        for (SenderContactState sender : avro.getSenders()) {
            SenderRelation relation = fromAvro(sender);
            putOnce(senders, relation.senderId(), relation);
        }
        List<SentMessage> recentSends = new ArrayList<>(avro.getRecentSends().size());
        for (RecentSend send : avro.getRecentSends()) {
            recentSends.add(new SentMessage(send.getCategory(), send.getAt()));
        }
        return new ContactFacts(
                avro.getBusinessId(),
                avro.getContact() == null ? null : ContactIdentity.ofStored(avro.getContact()),
                avro.getContactHash(),
                avro.getUpdatedAt(),
                scopes,
                senders,
                recentSends,
                avro.getRecentEventIds(),
                avro.getErasedAt(),
                fromAvro(avro.getDelivery()));
    }

    private static <K, V> void putOnce(Map<K, V> map, K key, V value) {
        if (map.putIfAbsent(key, value) != null) {
            throw new IllegalStateException("Duplicate key " + key + " in a stored contact state");
        }
    }

    /** No feedback is no record, so that states without any serialise as before. */
    private static ContactDeliveryState toAvro(DeliveryFeedback delivery) {
        if (delivery.equals(DeliveryFeedback.NONE)) {
            return null;
        }
        return new ContactDeliveryState(delivery.undeliverableAt(), delivery.runResetAt(), delivery.suppressedAt(), delivery.reachedOutAt(),
                delivery.pairRateLimitedAt().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(pair -> new PairRateLimit(pair.getKey(), pair.getValue())).toList());
    }

    private static DeliveryFeedback fromAvro(ContactDeliveryState avro) {
        if (avro == null) {
            return DeliveryFeedback.NONE;
        }
        return new DeliveryFeedback(avro.getUndeliverableAt(), avro.getRunResetAt(), avro.getSuppressedAt(), avro.getReachedOutAt(),
                avro.getPairRateLimits().stream().collect(Collectors.toMap(PairRateLimit::getSenderId, PairRateLimit::getAt)));
    }

    private static ScopeState toAvro(ScopeConsent fact) {
        return new ScopeState(new ConsentScope(fact.scope().category(), fact.scope().topic()), fact.status(), fact.since(),
                fact.channel(), fact.consentId(), fact.evidenceRef(), fact.expiresAt(), fact.method(), fact.eventId(),
                fact.liftedOptOutAt(), fact.confirmedAt(), fact.confirmedBy());
    }

    private static ScopeConsent fromAvro(ScopeState avro) {
        return new ScopeConsent(Scope.of(avro.getScope()), avro.getStatus(), avro.getSince(), avro.getChannel(),
                avro.getConsentId(), avro.getEvidenceRef(), avro.getExpiresAt(), avro.getMethod(), avro.getEventId(),
                avro.getLiftedOptOutAt(), avro.getConfirmedAt(), avro.getConfirmedBy());
    }

    private static SenderContactState toAvro(SenderRelation relation) {
        return new SenderContactState(relation.senderId(), relation.lastInboundAt(), relation.freeEntryPointAt(),
                relation.marketingStoppedAt(), relation.marketingResumedAt(), relation.marketingBackoffUntil(), relation.windowMismatches(),
                relation.entryPointReferralAt());
    }

    private static SenderRelation fromAvro(SenderContactState avro) {
        return new SenderRelation(avro.getSenderId(), avro.getLastInboundAt(), avro.getFreeEntryPointAt(),
                avro.getMarketingStoppedAt(), avro.getMarketingResumedAt(), avro.getMarketingBackoffUntil(), avro.getWindowMismatches(),
                avro.getEntryPointReferralAt());
    }
}
