package io.consentgate.domain.audience;

/** Why a contact is left out of an audience: each one countable (the projector's metric has a count per reason). */
public enum AudienceExclusion {
    /** Only a keyed hash and opt-outs remain. */
    ERASED,
    /** The newest fact covering the category and topic is an opt-out (a request without a topic: any topic's). */
    OPTED_OUT,
    /** Meta's marketing stop: by the sender asked, or by any sender of the business when none is named. */
    MARKETING_STOPPED,
    /** No active opt-in covers the category and topic. */
    NO_CONSENT,
    /** The opt-in that would cover it has expired. */
    CONSENT_EXPIRED,
    /** MARKETING to a region it is not delivered to (default: US numbers). */
    REGION_BLOCKED,
    /** Suppressed after undeliverable failures in a row (131026) until the contact writes or opts in again. */
    SUPPRESSED
}
