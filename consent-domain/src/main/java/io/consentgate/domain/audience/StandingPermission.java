package io.consentgate.domain.audience;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.domain.state.SenderRelation;
import java.time.Instant;

/**
 * Who belongs in an audience: contacts with standing permission for the category, topic and sender asked, the rules that
 * do not change by the minute (a suppression for undeliverable failures is one: only the contact lifts it). Windows, caps, quiet hours, the messaging limit and sender health are left to the gate at
 * send time; so a member may still be refused then, but a contact left out would be refused whatever the minute.
 */
public final class StandingPermission {

    private StandingPermission() {
    }

    /** The verdict on one contact: a member with the opt-in that allows it, or the first rule that leaves it out. */
    public sealed interface Verdict {
    }

    public record Member(ScopeConsent optIn) implements Verdict {
    }

    public record Excluded(AudienceExclusion reason) implements Verdict {
    }

    /**
     * @param senderId the business number the campaign is sent from, or null: then a marketing stop by any of its numbers
     *                 leaves the contact out (fail closed)
     */
    public static Verdict of(ContactFacts facts, MessageCategory category, String topic, String senderId, BusinessPolicy policy,
                             Instant now) {
        if (facts.isErased()) {
            return new Excluded(AudienceExclusion.ERASED);
        }
        ConsentStanding standing = facts.standingFor(category, topic, now);
        if (standing instanceof ConsentStanding.OptedOut) {
            return new Excluded(AudienceExclusion.OPTED_OUT);
        }
        if (category == MessageCategory.MARKETING && marketingStopped(facts, senderId)) {
            return new Excluded(AudienceExclusion.MARKETING_STOPPED);
        }
        if (standing instanceof ConsentStanding.Expired) {
            return new Excluded(AudienceExclusion.CONSENT_EXPIRED);
        }
        if (!(standing instanceof ConsentStanding.Granted(ScopeConsent optIn))) {
            return new Excluded(AudienceExclusion.NO_CONSENT);
        }
        if (category == MessageCategory.MARKETING && policy.marketingBlockedRegions().contains(facts.contact().region())) {
            return new Excluded(AudienceExclusion.REGION_BLOCKED);
        }
        if (facts.delivery().isSuppressed()) {
            return new Excluded(AudienceExclusion.SUPPRESSED); // an audience is business-initiated, whatever the category
        }
        return new Member(optIn);
    }

    private static boolean marketingStopped(ContactFacts facts, String senderId) {
        if (senderId != null) {
            return facts.sender(senderId).isMarketingStopped();
        }
        return facts.senders().values().stream().anyMatch(SenderRelation::isMarketingStopped);
    }
}
