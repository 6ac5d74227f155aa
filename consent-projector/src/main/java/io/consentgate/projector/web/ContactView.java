package io.consentgate.projector.web;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
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
 * @param scopes    the newest consent fact per scope
 * @param senders   per business number: the customer service window and free entry point, marketing stop
 * @param linkedTo  asked by a phone number linked to a BSUID: that BSUID, whose state (the person's) this is
 *                  (docs/identity.md); null when asked by the person's own contact (then {@code contact} is the BSUID)
 * @param aliases   the phone numbers linked to the person's BSUID: one person, under each of these identities
 */
public record ContactView(
        String businessId,
        String contact,
        boolean erased,
        Instant erasedAt,
        Instant updatedAt,
        Map<MessageCategory, String> standing,
        List<ScopeView> scopes,
        List<SenderView> senders,
        String linkedTo,
        List<String> aliases) {

    private static final List<MessageCategory> CATEGORIES =
            List.of(MessageCategory.MARKETING, MessageCategory.UTILITY, MessageCategory.AUTHENTICATION);

    public record ScopeView(String category, String topic, ConsentStatus status, Instant since, Channel channel,
                            String consentId, String evidenceRef, Instant expiresAt, boolean expired) {
    }

    public record SenderView(String senderId, Instant lastInboundAt, boolean windowOpen, Instant windowClosesAt,
                             boolean freeEntryPointOpen, Instant freeEntryPointClosesAt, boolean marketingStopped,
                             Instant marketingStoppedAt, Instant marketingBackoffUntil) {
    }

    public static ContactView of(ContactFacts state, Instant now) {
        return of(state, null, List.of(), now);
    }

    /** The person's state, with its place among the person's identities. */
    public static ContactView of(ContactFacts state, String linkedTo, List<String> aliases, Instant now) {
        Map<MessageCategory, String> standing = new LinkedHashMap<>();
        CATEGORIES.forEach(category -> standing.put(category, standingName(state.standingFor(category, null, now))));
        return new ContactView(
                state.businessId(),
                state.isErased() ? null : state.contact().canonical(),
                state.isErased(),
                state.erasedAt(),
                state.updatedAt(),
                standing,
                state.scopes().values().stream()
                        .sorted(Comparator.comparing(ScopeConsent::scope, Scope.BROAD_TO_NARROW))
                        .map(fact -> scopeView(fact, now))
                        .toList(),
                state.senders().values().stream()
                        .sorted(Comparator.comparing(SenderRelation::senderId))
                        .map(relation -> senderView(relation, now))
                        .toList(),
                linkedTo,
                List.copyOf(aliases));
    }

    private static String standingName(ConsentStanding standing) {
        return switch (standing) {
            case ConsentStanding.Granted ignored -> "OPTED_IN";
            case ConsentStanding.OptedOut ignored -> "OPTED_OUT";
            case ConsentStanding.Expired ignored -> "EXPIRED";
            case ConsentStanding.None ignored -> "NONE";
        };
    }

    private static ScopeView scopeView(ScopeConsent fact, Instant now) {
        return new ScopeView(fact.scope().category().name(), fact.scope().topic(), fact.status(), fact.since(), fact.channel(),
                fact.consentId(), fact.evidenceRef(), fact.expiresAt(), fact.isOptIn() && fact.expiredAt(now));
    }

    private static SenderView senderView(SenderRelation relation, Instant now) {
        Instant windowClosesAt = relation.windowClosesAt();
        Instant freeEntryPointClosesAt = relation.freeEntryPointClosesAt();
        return new SenderView(relation.senderId(), relation.lastInboundAt(),
                windowClosesAt != null && now.isBefore(windowClosesAt), windowClosesAt,
                freeEntryPointClosesAt != null && now.isBefore(freeEntryPointClosesAt), freeEntryPointClosesAt,
                relation.marketingStoppedAt() != null, relation.marketingStoppedAt(), relation.marketingBackoffUntil());
    }
}
