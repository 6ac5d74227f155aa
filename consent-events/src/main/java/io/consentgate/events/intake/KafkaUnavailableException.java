package io.consentgate.events.intake;

import io.consentgate.support.web.ProblemException;
import io.consentgate.support.web.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/** Kafka (or the schema registry) did not acknowledge every event in time: nothing may be reported as recorded (503, Retry-After). */
public class KafkaUnavailableException extends ProblemException {

    public KafkaUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(ProblemType.KAFKA_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, message, retryAfter, cause);
    }
}
