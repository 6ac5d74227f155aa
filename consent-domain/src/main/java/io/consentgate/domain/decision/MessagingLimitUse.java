package io.consentgate.domain.decision;

/** How an approved send relates to the business's messaging limit. */
public enum MessagingLimitUse {
    /** A reply inside the customer service window: never counted. */
    INSIDE_WINDOW,
    /** Business-initiated: the business quota must admit it before it is sent. */
    PENDING_QUOTA,
    /** The quota admitted it and counted the contact. */
    COUNTED,
    /** The quota admitted it without counting: the contact was already counted in the last 24 h, or there is no limit. */
    NOT_COUNTED
}
