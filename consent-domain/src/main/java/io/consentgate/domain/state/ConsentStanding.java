package io.consentgate.domain.state;

/** Where a contact stands on one kind of message, all consent facts covering it weighed. */
public sealed interface ConsentStanding {

    /** An active opt-in newer than every covering opt-out. */
    record Granted(ScopeConsent optIn) implements ConsentStanding {
    }

    /** The newest covering fact is an opt-out. */
    record OptedOut(ScopeConsent optOut) implements ConsentStanding {
    }

    /** The newest covering fact is an opt-in, and it has expired. */
    record Expired(ScopeConsent optIn) implements ConsentStanding {
    }

    record None() implements ConsentStanding {
    }

    None NONE = new None();
}
