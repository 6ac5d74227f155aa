package io.consentgate.projector.topology;

/** A contact event that no retry can apply (e.g. keyed wrongly): it goes to the dead-letter topic. */
public final class UnprocessableEventException extends RuntimeException {

    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
