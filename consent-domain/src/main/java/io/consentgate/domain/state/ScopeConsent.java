package io.consentgate.domain.state;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentStatus;
import java.time.Instant;

/**
 * The newest consent fact of one scope. For an opt-out, {@code consentId} and {@code expiresAt}
 * are those of the opt-in it withdrew, so that an opt-back-in keyword can reinstate it.
 * {@link ConsentStatus#UNKNOWN} is a lifted opt-out: it keeps its time so that older facts
 * arriving late cannot overwrite it.
 */
public record ScopeConsent(
        Scope scope,
        ConsentStatus status,
        Instant since,
        Channel channel,
        String consentId,
        String evidenceRef,
        Instant expiresAt) {

    public boolean isOptIn() {
        return status == ConsentStatus.OPTED_IN;
    }

    public boolean isOptOut() {
        return status == ConsentStatus.OPTED_OUT;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Newest fact wins; on a tie an opt-out beats an opt-in, because refusing is the safe side. */
    public boolean yieldsTo(ScopeConsent newer) {
        int byTime = newer.since.compareTo(since);
        return byTime > 0 || byTime == 0 && newer.isOptOut() && !isOptOut();
    }

    /** What survives an erasure: that this scope was opted out, and since when. */
    public ScopeConsent anonymised() {
        return new ScopeConsent(scope, status, since, null, null, null, null);
    }
}
