package io.consentgate.support.streams;

/** A record that no retry can apply (e.g. keyed wrongly): {@link DeadLetterProcessingHandler} parks it on the dead-letter topic. */
public final class UnprocessableRecordException extends RuntimeException {

    public UnprocessableRecordException(String message) {
        super(message);
    }

    public UnprocessableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
