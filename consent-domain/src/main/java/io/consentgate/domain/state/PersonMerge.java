package io.consentgate.domain.state;

import io.consentgate.domain.identity.ContactIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * One person known under two identities (a phone number and a BSUID of the same business): the facts
 * recorded under the alias (the phone number) are merged once into the person's (the BSUID's) when the two
 * are linked, so that every rule sees one person. Pure; the same two states always merge to the same result,
 * and the merge is what folding both histories into one state would have given, on the safe side where the
 * states alone cannot tell:
 * <ul>
 *   <li>consent, per scope: the newest fact wins, an opt-out beating an opt-in of the same instant
 *       ({@link ScopeConsent#yieldsTo}), as in the fold;
 *   <li>windows and free entry points: the latest of the two; back-offs: the later end; 131047 mismatches: summed;
 *   <li>Meta's marketing stop, per sender: a stop stays unless a resume strictly newer than it is known under
 *       either identity (the states keep no order of stops and resumes beyond that, so a tie stops);
 *   <li>sends for the caps: both lists, by time (the caps count the person's sends, not each identity's);
 *   <li>event ids: both, so a replay under either identity changes nothing; the last
 *       {@link ContactFactsFold#REMEMBERED_IDS} are kept.
 * </ul>
 * The person keeps its own contact, hash and erasure: an erasure of the alias already left only its
 * opt-outs and stops, which are merged like any other.
 */
public final class PersonMerge {

    private PersonMerge() {
    }

    /**
     * @param person the person's facts (the BSUID's), or null when nothing is known under it yet
     * @param alias  the alias's facts (the phone number's), or null when nothing is known under it
     * @return the person's facts with the alias's merged in; null when both are null
     */
    public static ContactFacts merge(ContactFacts person, ContactFacts alias) {
        if (alias == null || person == null) {
            return person;
        }
        Map<Scope, ScopeConsent> scopes = new HashMap<>(person.scopes());
        alias.scopes().values().forEach(fact -> scopes.merge(fact.scope(), fact, (mine, theirs) -> mine.yieldsTo(theirs) ? theirs : mine));
        Map<String, SenderRelation> senders = new HashMap<>(person.senders());
        alias.senders().values().forEach(relation -> senders.merge(relation.senderId(), relation, PersonMerge::sender));
        List<SentMessage> sends = new ArrayList<>(person.recentSends());
        sends.addAll(alias.recentSends());
        sends.sort(Comparator.comparing(SentMessage::at));
        LinkedHashSet<String> ids = new LinkedHashSet<>(alias.recentEventIds());
        ids.addAll(person.recentEventIds());
        List<String> eventIds = new ArrayList<>(ids);
        if (eventIds.size() > ContactFactsFold.REMEMBERED_IDS) {
            eventIds = eventIds.subList(eventIds.size() - ContactFactsFold.REMEMBERED_IDS, eventIds.size());
        }
        return new ContactFacts(person.businessId(), person.contact(), person.contactHash(), latest(person.updatedAt(), alias.updatedAt()),
                scopes, senders, sends, eventIds, person.erasedAt(), DeliveryFeedback.merge(person.delivery(), alias.delivery()));
    }

    /**
     * The person's facts as a request addressed to one of its identities sees them: the same facts, with that identity
     * as the contact (its region and time zones count for the request). An erased person stays erased.
     */
    public static ContactFacts addressedAs(ContactFacts person, String canonicalContact) {
        if (person.isErased()) {
            return person;
        }
        return new ContactFacts(person.businessId(), ContactIdentity.ofCanonical(canonicalContact), person.contactHash(), person.updatedAt(),
                person.scopes(), person.senders(), person.recentSends(), person.recentEventIds(), person.erasedAt(), person.delivery());
    }

    private static SenderRelation sender(SenderRelation mine, SenderRelation theirs) {
        Instant resumed = latest(mine.marketingResumedAt(), theirs.marketingResumedAt());
        Instant stopped = earliest(standing(mine.marketingStoppedAt(), resumed), standing(theirs.marketingStoppedAt(), resumed));
        return new SenderRelation(mine.senderId(), latest(mine.lastInboundAt(), theirs.lastInboundAt()),
                latest(mine.freeEntryPointAt(), theirs.freeEntryPointAt()), stopped, resumed,
                latest(mine.marketingBackoffUntil(), theirs.marketingBackoffUntil()), mine.windowMismatches() + theirs.windowMismatches());
    }

    /** A stop still stands unless a resume strictly after it is known. */
    private static Instant standing(Instant stop, Instant resumed) {
        return stop == null || resumed != null && resumed.isAfter(stop) ? null : stop;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isBefore(a) ? a : b;
    }
}
