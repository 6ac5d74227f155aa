package io.consentgate.projector.erasure;

/** Kafka did not acknowledge an erasure request in time: it may or may not be on the topic, and a retry with the same id is safe. */
public final class ErasureNotPublishedException extends RuntimeException {

    public ErasureNotPublishedException(String message, Throwable cause) {
        super(message, cause);
    }
}
