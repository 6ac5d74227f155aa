package io.consentgate.domain.decision;

import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.decision.Decision.Rejected;
import io.consentgate.domain.policy.DeliveryPolicy;
import io.consentgate.domain.policy.FrequencyCap;
import io.consentgate.domain.policy.QuietHours;
import io.consentgate.domain.state.ConsentStanding;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.domain.state.SentMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules a valid, new request must pass, in the order they are checked: the first broken rule
 * names the rejection. What the contact wants comes first, then what makes a send lawful, then
 * the business's and Meta's constraints, then pacing: so reasons that waiting cannot fix come
 * before those that carry a retry-after, and a retry-after is only given when waiting can help.
 */
public enum SendRule {

    /**
     * A request that says it confirms an opt-out must name one the contact's facts hold, be sent within 24 h after it,
     * be the first confirmation of it, and not be MARKETING: one confirmation per opt-out, recorded when approved.
     */
    OPT_OUT_CONFIRMATION_ALLOWED(RejectionReason.OPT_OUT_CONFIRMATION_REFUSED) {
        @Override
        Rejected check(Situation s) {
            if (!s.isConfirmation()) {
                return null;
            }
            String named = "opt-out " + s.request().getConfirmsOptOut();
            ScopeConsent optOut = s.confirmedOptOut();
            if (optOut == null) {
                return s.reject(this, named + " is not an opt-out held for this contact (unknown, replaced by a newer fact of its scope,"
                        + " or erased): no confirmation can be sent for it", null, null);
            }
            if (optOut.confirmedAt() != null) {
                return s.reject(this, named + " was already confirmed at " + optOut.confirmedAt() + " by request " + optOut.confirmedBy()
                        + ": only one confirmation per opt-out is sent", null, optOut.consentId());
            }
            if (!s.now().isBefore(optOut.confirmationClosesAt())) {
                return s.reject(this, named + " was made at " + optOut.since() + ": its confirmation could be sent until "
                        + optOut.confirmationClosesAt(), null, optOut.consentId());
            }
            if (s.isMarketing()) {
                return s.reject(this, "the confirmation of " + named + " is a MARKETING template: send it free-form or as a UTILITY template",
                        null, optOut.consentId());
            }
            return null;
        }
    },

    /**
     * Nothing business-sent goes to a contact opted out of what the message is (an opt-out of ALL covers free-form too),
     * inside a window or not, except the one confirmation of the opt-out, and replies (not MARKETING) in a window the
     * contact opened after the opt-out.
     */
    NOT_OPTED_OUT(RejectionReason.OPTED_OUT) {
        @Override
        Rejected check(Situation s) {
            if (!(s.standing() instanceof ConsentStanding.OptedOut(ScopeConsent optOut))) {
                return null;
            }
            if (s.isConfirmation() && !optOut.since().isAfter(s.confirmedOptOut().since())) {
                return null; // the confirmation, checked by the rule before; no newer opt-out came since
            }
            if (!s.isMarketing() && s.replyWindowOpen()) {
                return null; // the contact started a new conversation after the opt-out
            }
            String topicNote = s.request().getConsentTopic() == null && optOut.scope().topic() != null
                    ? " (a request without a topic stands for every topic: name the topic to send to others)" : "";
            return s.reject(this, "contact opted out of " + describe(optOut) + " on " + optOut.since()
                    + (optOut.channel() == null ? "" : " via " + optOut.channel()) + topicNote
                    + ": nothing " + (s.isTemplate() ? s.category() + " " : "free-form ") + "is sent until it opts in again"
                    + (s.isMarketing() ? "" : ", except replies in a conversation it starts anew"), null, optOut.consentId());
        }
    },

    /** The contact stopped marketing from this number in WhatsApp (user_preferences, or Meta's error 131050). */
    MARKETING_NOT_STOPPED(RejectionReason.MARKETING_STOPPED) {
        @Override
        Rejected check(Situation s) {
            Instant stoppedAt = s.relation().marketingStoppedSince();
            if (!s.isMarketing() || stoppedAt == null) {
                return null;
            }
            return s.reject(this, "contact stopped marketing messages from sender " + s.request().getSenderId() + " in WhatsApp on "
                    + stoppedAt + "; Meta would refuse with 131050. Only the contact can resume them", null, null);
        }
    },

    /** An erased contact keeps only its opt-outs: nothing else may be sent until it comes back. */
    CONTACT_NOT_ERASED(RejectionReason.CONTACT_ERASED) {
        @Override
        Rejected check(Situation s) {
            if (!s.facts().isErased()) {
                return null;
            }
            return s.reject(this, "contact's personal data was erased on " + s.facts().erasedAt()
                    + "; a new opt-in, or a message from the contact, is needed before anything is sent", null, null);
        }
    },

    /** Free-form messages only inside the customer service window. */
    FREE_FORM_INSIDE_WINDOW(RejectionReason.WINDOW_CLOSED) {
        @Override
        Rejected check(Situation s) {
            if (s.isTemplate() || s.insideWindow()) {
                return null;
            }
            Instant closesAt = s.relation().windowClosesAt();
            return s.reject(this, "no open customer service window between sender " + s.request().getSenderId() + " and the contact ("
                    + (closesAt == null ? "the contact never wrote to it" : "it closes at " + closesAt)
                    + ", counting " + s.policy().windowMargin().toSeconds() + " s of margin): send an approved template instead", null, null);
        }
    },

    /** Outside the window a template needs an active opt-in covering its category and topic. */
    CONSENT_OUTSIDE_WINDOW(RejectionReason.NO_CONSENT) {
        @Override
        Rejected check(Situation s) {
            if (!s.isTemplate() || s.insideWindow() || s.isConfirmation()) {
                return null; // the one confirmation of an opt-out needs no opt-in
            }
            String what = s.category() + (s.request().getConsentTopic() == null ? "" : " / topic " + s.request().getConsentTopic());
            return switch (s.standing()) {
                case ConsentStanding.Granted granted -> null;
                case ConsentStanding.Expired(ScopeConsent optIn) -> s.reject(RejectionReason.CONSENT_EXPIRED,
                        "consent " + optIn.consentId() + " for " + what + " expired at " + optIn.expiresAt()
                                + ": collect a new opt-in before sending templates outside a customer service window",
                        null, optIn.consentId());
                case ConsentStanding.OptedOut optedOut -> throw new IllegalStateException("NOT_OPTED_OUT is checked first");
                case ConsentStanding.None none -> s.reject(this, "no active opt-in covers " + what
                        + ": outside a customer service window a template needs one (a customer writing to you is not an opt-in)", null, null);
            };
        }
    },

    /**
     * Inside a window, MARKETING needs an active marketing opt-in too (per-business switch, on by default): the window is
     * for replies, promotions need consent.
     */
    MARKETING_CONSENT_IN_WINDOW(RejectionReason.NO_CONSENT) {
        @Override
        Rejected check(Situation s) {
            if (!s.isMarketing() || !s.insideWindow() || !s.policy().marketingInWindowNeedsOptIn()) {
                return null;
            }
            String what = "MARKETING" + (s.request().getConsentTopic() == null ? "" : " / topic " + s.request().getConsentTopic());
            return switch (s.standing()) {
                case ConsentStanding.Granted granted -> null;
                case ConsentStanding.Expired(ScopeConsent optIn) -> new Rejected(RejectionReason.CONSENT_EXPIRED,
                        "consent " + optIn.consentId() + " for " + what + " expired at " + optIn.expiresAt()
                                + ": marketing needs an active opt-in, inside a customer service window too", null, optIn.consentId(), s.now());
                case ConsentStanding.OptedOut optedOut -> throw new IllegalStateException("NOT_OPTED_OUT is checked first");
                case ConsentStanding.None none -> s.reject(this, "no active opt-in covers " + what
                        + ": inside a customer service window replies need none, marketing does (the business policy says so)", null, null);
            };
        }
    },

    /** Destinations where Meta does not deliver marketing (US numbers since April 2025). */
    MARKETING_REGION_ALLOWED(RejectionReason.REGION_BLOCKED) {
        @Override
        Rejected check(Situation s) {
            if (!s.isMarketing() || !s.policy().marketingBlockedRegions().contains(s.contact().region())) {
                return null;
            }
            return s.reject(this, "marketing is not delivered to numbers of region " + s.contact().region()
                    + ": send UTILITY templates only, or drop this contact from marketing audiences", null, null);
        }
    },

    /**
     * Meta could not deliver to the contact (131026) the policy's number of times in a row within its window: nothing
     * business-initiated (outside a window, or MARKETING) goes until the contact writes or opts in again. Replies inside a
     * window the contact opened still go.
     */
    CONTACT_DELIVERABLE(RejectionReason.CONTACT_UNDELIVERABLE) {
        @Override
        Rejected check(Situation s) {
            Instant since = s.facts().delivery().suppressedSince();
            if (since == null || s.insideWindow() && !s.isMarketing()) {
                return null;
            }
            DeliveryPolicy policy = s.policy().delivery();
            return s.reject(this, "Meta could not deliver " + policy.undeliverableThreshold() + " messages in a row to this contact within "
                    + policy.undeliverableWindow().toDays() + " days (131026: not on WhatsApp, an old app, or not accepting the terms);"
                    + " suppressed since " + since + ": nothing business-initiated is sent until the contact writes or opts in again."
                    + " Check the number, or reach the contact another way", null, null);
        }
    },

    /** Only templates the gate reads as APPROVED are sent (FLAGGED, REINSTATED and UNPAUSED ones included). */
    TEMPLATE_APPROVED(RejectionReason.TEMPLATE_NOT_APPROVED) {
        @Override
        Rejected check(Situation s) {
            if (!s.isTemplate() || s.template() != null && s.template().approved()) {
                return null;
            }
            String template = "template " + s.request().getTemplate().getName() + " (" + s.request().getTemplate().getLanguage() + ")";
            if (s.template() == null || s.template().status() == TemplateStatus.UNKNOWN) {
                return s.reject(this, template + " has no known review status: only templates Meta reported APPROVED are sent", null, null);
            }
            if (s.template().status() == TemplateStatus.PAUSED) {
                Instant until = s.template().pausedUntil();
                return s.reject(this, template + " is PAUSED since " + s.template().since() + " (pause " + s.template().pauses()
                        + ") for low quality: Meta unpauses it at " + until + "; retry then", later(until, s.now()), null);
            }
            return s.reject(this, template + " is " + s.template().status() + " since " + s.template().since()
                    + ": fix it in WhatsApp Manager and wait for approval", null, null);
        }
    },

    /**
     * A RESTRICTED number may not start conversations until the restriction ends (Meta's expiration, else its 24 h
     * period resets); replies in a window still go. Without Meta's expiration it stays refused until Meta reports
     * another status, because the gate cannot know the restriction lifted.
     */
    SENDER_NOT_RESTRICTED(RejectionReason.SENDER_RESTRICTED) {
        @Override
        Rejected check(Situation s) {
            if (s.insideWindow() || !s.sender().restrictedAt(s.now())) {
                return null;
            }
            return s.reject(this, "sender " + s.request().getSenderId() + " is RESTRICTED since " + s.sender().statusSince()
                            + (s.sender().restrictedUntil() == null ? "" : " until " + s.sender().restrictedUntil())
                            + ": it may only reply inside customer service windows until Meta lifts the restriction",
                    later(s.sender().restrictionEnds(), s.now()), null);
        }
    },

    /** The quality policy pauses some categories (default MARKETING) on a low-quality sender. */
    SENDER_QUALITY_ACCEPTABLE(RejectionReason.SENDER_QUALITY_LOW) {
        @Override
        Rejected check(Situation s) {
            if (!s.policy().qualityPolicy().pauses(s.category(), s.sender().quality(), s.sender().status())) {
                return null;
            }
            return s.reject(this, s.category() + " is paused on sender " + s.request().getSenderId() + ": quality " + s.sender().quality()
                    + ", status " + s.sender().status() + ". Other categories still go; send it from a healthy number", null, null);
        }
    },

    /**
     * Meta refused a message of this number for its own rate limits (131048 spam rate limit, 130429 throughput): the number
     * sends nothing, inside windows too, for the policy's sender back-off.
     */
    SENDER_NOT_RATE_LIMITED(RejectionReason.SENDER_RATE_LIMITED) {
        @Override
        Rejected check(Situation s) {
            Instant until = s.sender().rateLimitBackoffUntil(s.policy().delivery().senderBackoff());
            if (until == null || !until.isAfter(s.now())) {
                return null;
            }
            String limit = s.sender().rateLimitCode() == 130429 ? "its throughput limit (130429)" : "its spam rate limit (131048)";
            return s.reject(this, "Meta refused a message of sender " + s.request().getSenderId() + " for " + limit + " at "
                    + s.sender().rateLimitedAt() + ": backing the number off until " + until + "; retry then, or send from another number",
                    until, null);
        }
    },

    /** Meta's per-user marketing cap (131049): back off that contact for 24 h. */
    NO_MARKETING_BACKOFF(RejectionReason.MARKETING_BACKOFF) {
        @Override
        Rejected check(Situation s) {
            Instant until = s.relation().marketingBackoffUntil();
            if (!s.isMarketing() || until == null || !until.isAfter(s.now())) {
                return null;
            }
            return s.reject(this, "Meta refused marketing to this contact for its per-user marketing cap (131049): backing off until " + until,
                    until, null);
        }
    },

    /**
     * Meta refused a message of this number to this contact for the pair rate limit (131056): nothing goes from the number to
     * the contact, inside a window too, for the policy's pair back-off. Other contacts and other numbers are not held.
     */
    PAIR_NOT_RATE_LIMITED(RejectionReason.PAIR_RATE_LIMITED) {
        @Override
        Rejected check(Situation s) {
            Instant until = s.facts().delivery().pairBackoffUntil(s.request().getSenderId(), s.policy().delivery());
            if (until == null || !until.isAfter(s.now())) {
                return null;
            }
            return s.reject(this, "Meta refused a message of sender " + s.request().getSenderId() + " to this contact for the pair rate"
                    + " limit (131056): too many messages to the same person in a short time; retry after " + until, until, null);
        }
    },

    /** At most so many messages of a category per contact per rolling period. */
    WITHIN_FREQUENCY_CAPS(RejectionReason.FREQUENCY_CAPPED) {
        @Override
        Rejected check(Situation s) {
            Instant freesAt = null;
            FrequencyCap reached = null;
            for (FrequencyCap cap : s.policy().frequencyCaps()) {
                Instant capFreesAt = cap.category() == s.category() ? freesAt(cap, s.facts().recentSends(), s.now()) : null;
                if (capFreesAt != null && (freesAt == null || capFreesAt.isAfter(freesAt))) {
                    freesAt = capFreesAt;
                    reached = cap;
                }
            }
            if (reached == null) {
                return null;
            }
            return s.reject(this, "contact already received " + reached.maxMessages() + " " + reached.category() + " messages in the last "
                    + reached.period() + "; the cap frees at " + freesAt, freesAt, null);
        }

        /** @return when one more send fits the cap, or null if it fits now */
        private static Instant freesAt(FrequencyCap cap, List<SentMessage> oldestFirst, Instant now) {
            Instant horizon = now.minus(cap.period());
            int inPeriod = 0;
            for (SentMessage sent : oldestFirst) {
                if (sent.category() == cap.category() && sent.at().isAfter(horizon)) {
                    inPeriod++;
                }
            }
            int mustLeave = inPeriod - cap.maxMessages() + 1;
            if (mustLeave <= 0) {
                return null;
            }
            for (SentMessage sent : oldestFirst) {
                if (sent.category() == cap.category() && sent.at().isAfter(horizon) && --mustLeave == 0) {
                    return sent.at().plus(cap.period());
                }
            }
            throw new IllegalStateException("unreachable: mustLeave <= inPeriod");
        }
    },

    /** No listed category (default MARKETING) in the contact's local night. */
    OUTSIDE_QUIET_HOURS(RejectionReason.QUIET_HOURS) {
        @Override
        Rejected check(Situation s) {
            QuietHours quietHours = s.policy().quietHours();
            if (!quietHours.applyTo(s.category())) {
                return null;
            }
            Instant quietUntil = quietHours.quietUntil(s.now(), s.contact().timeZones(), s.policy().defaultTimeZone());
            if (quietUntil == null) {
                return null;
            }
            return s.reject(this, "it is night for the contact (quiet hours " + quietHours.start() + "-" + quietHours.end()
                    + " local time): no " + s.category() + " until " + quietUntil, quietUntil, null);
        }
    };

    private final RejectionReason reason;

    SendRule(RejectionReason reason) {
        this.reason = reason;
    }

    /** The reason this rule rejects with (CONSENT_OUTSIDE_WINDOW also says CONSENT_EXPIRED). */
    public RejectionReason reason() {
        return reason;
    }

    /** @return the rejection, or null when the rule lets the request through */
    abstract Rejected check(Situation s);

    private static String describe(ScopeConsent fact) {
        return fact.scope().category() + (fact.scope().topic() == null ? "" : " / topic " + fact.scope().topic());
    }

    private static Instant later(Instant candidate, Instant now) {
        return candidate != null && candidate.isAfter(now) ? candidate : null;
    }
}
