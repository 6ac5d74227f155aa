package io.consentgate.domain.identity;

/**
 * A contact that is neither a valid phone number nor a BSUID. Neither the message nor {@link #reason()} quotes the
 * input: it may be a phone number, which no error answer, decision detail or log line may repeat.
 */
public final class InvalidContactException extends IllegalArgumentException {

    private final String reason;

    /** @param why what is wrong with the contact, without quoting it */
    public InvalidContactException(String why) {
        super("contact " + why);
        this.reason = why;
    }

    /** Why the contact was refused, e.g. "is too short for ES: ...", ready to follow a field name. */
    public String reason() {
        return reason;
    }
}
