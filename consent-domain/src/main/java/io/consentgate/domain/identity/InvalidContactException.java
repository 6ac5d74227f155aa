package io.consentgate.domain.identity;

/** A contact that is neither a valid phone number nor a BSUID; the message quotes the input and says why. */
public final class InvalidContactException extends IllegalArgumentException {

    public InvalidContactException(String input, String why) {
        super("contact '" + input + "' " + why);
    }
}
