package io.consentgate.events.intake;

import java.time.Duration;

/** Kafka (or the schema registry) did not acknowledge every event in time: nothing may be reported as recorded. */
public class KafkaUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public KafkaUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
