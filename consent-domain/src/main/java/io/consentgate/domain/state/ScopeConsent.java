package io.consentgate.domain.state;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.OptOutMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The newest consent fact of one scope. For an opt-out, {@code consentId} and {@code expiresAt}
 * are those of the opt-in it withdrew, so that an opt-back-in keyword can reinstate it.
 * {@link ConsentStatus#UNKNOWN} is a lifted opt-out: it keeps its time so that older facts
 * arriving late cannot overwrite it.
 *
 * @param method      how an opt-out was made (only {@link OptOutMethod#KEYWORD} ones in WhatsApp are reversed by an
 *                    opt-back-in keyword); {@code KEYWORD} on an opt-in such a keyword reinstated; null otherwise
 * @param eventId     the id of the contact event that recorded this fact
 * @param liftedOptOutAt on an opt-in or a lifted opt-out: when the newest opt-out it lifted was made (an erasure keeps
 *                    that refusal, whenever the erasure arrives)
 * @param confirmedAt when the gate approved the one confirmation message of this opt-out
 * @param confirmedBy the request id of that confirmation
 */
public record ScopeConsent(
        Scope scope,
        ConsentStatus status,
        Instant since,
        Channel channel,
        String consentId,
        String evidenceRef,
        Instant expiresAt,
        OptOutMethod method,
        String eventId,
        Instant liftedOptOutAt,
        Instant confirmedAt,
        String confirmedBy) {

    /** The one confirmation of an opt-out may be sent within this time after it. */
    public static final Duration CONFIRMATION_PERIOD = Duration.ofHours(24);

    /**
     * At the same instant: an opt-out beats an opt-in, which beats a lifted opt-out; among equals, a fact no keyword can
     * undo beats a keyword one; the rest is a fixed order of the remaining fields, so no answer depends on arrival order.
     */
    private static final Comparator<ScopeConsent> SAME_INSTANT = Comparator
            .comparingInt(ScopeConsent::strength)
            .thenComparing(fact -> fact.method != OptOutMethod.KEYWORD)
            .thenComparing(ScopeConsent::consentId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ScopeConsent::evidenceRef, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ScopeConsent::channel, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ScopeConsent::expiresAt, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ScopeConsent::method, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ScopeConsent::eventId, Comparator.nullsFirst(Comparator.naturalOrder()));

    public ScopeConsent(Scope scope, ConsentStatus status, Instant since, Channel channel, String consentId, String evidenceRef,
                        Instant expiresAt) {
        this(scope, status, since, channel, consentId, evidenceRef, expiresAt, null, null, null, null, null);
    }

    public boolean isOptIn() {
        return status == ConsentStatus.OPTED_IN;
    }

    public boolean isOptOut() {
        return status == ConsentStatus.OPTED_OUT;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** An opt-in collected with its proof, not one an opt-back-in keyword reinstated. */
    public boolean isFreshOptIn() {
        return isOptIn() && method != OptOutMethod.KEYWORD;
    }

    /** This opt-out, withdrawing no consent a keyword could reinstate. */
    ScopeConsent withdrawingNothing() {
        return new ScopeConsent(scope, status, since, channel, null, evidenceRef, null, method, eventId, liftedOptOutAt, confirmedAt, confirmedBy);
    }

    /** A keyword opt-out made in WhatsApp: the only kind an opt-back-in keyword reverses. */
    public boolean isKeywordOptOut() {
        return isOptOut() && method == OptOutMethod.KEYWORD && channel == Channel.WHATSAPP;
    }

    /** Whether this opt-out is the one a confirmation request names: by its event id or its evidence (the wamid). */
    public boolean isNamedBy(String optOutId) {
        return isOptOut() && optOutId != null && (optOutId.equals(eventId) || optOutId.equals(evidenceRef));
    }

    /** When the one confirmation of this opt-out may no longer be sent. */
    public Instant confirmationClosesAt() {
        return since.plus(CONFIRMATION_PERIOD);
    }

    /** Newest fact wins; on a tie an opt-out beats an opt-in, because refusing is the safe side. */
    public boolean yieldsTo(ScopeConsent newer) {
        int byTime = newer.since.compareTo(since);
        return byTime > 0 || byTime == 0 && SAME_INSTANT.compare(newer, this) > 0;
    }

    /** This opt-out with its one confirmation recorded. */
    public ScopeConsent confirmed(Instant at, String requestId) {
        return new ScopeConsent(scope, status, since, channel, consentId, evidenceRef, expiresAt, method, eventId, liftedOptOutAt, at, requestId);
    }

    /** What survives an erasure: that this scope was opted out, and since when. */
    public ScopeConsent anonymised() {
        return new ScopeConsent(scope, status, since, null, null, null, null);
    }

    /** This fact, remembering that it (or what it replaced) lifted an opt-out made at {@code optOutAt}. */
    ScopeConsent lifting(Instant optOutAt) {
        Instant newest = liftedOptOutAt == null || optOutAt.isAfter(liftedOptOutAt) ? optOutAt : liftedOptOutAt;
        return new ScopeConsent(scope, status, since, channel, consentId, evidenceRef, expiresAt, method, eventId, newest, confirmedAt,
                confirmedBy);
    }

    /** The newest opt-out this fact stands for or lifted: what an erasure keeps of it, or null if there is none. */
    ScopeConsent refusalKept() {
        if (isOptOut()) {
            return anonymised();
        }
        return liftedOptOutAt == null ? null
                : new ScopeConsent(scope, ConsentStatus.OPTED_OUT, liftedOptOutAt, null, null, null, null);
    }

    private int strength() {
        return switch (Objects.requireNonNullElse(status, ConsentStatus.UNKNOWN)) {
            case OPTED_OUT -> 2;
            case OPTED_IN -> 1;
            default -> 0;
        };
    }
}
