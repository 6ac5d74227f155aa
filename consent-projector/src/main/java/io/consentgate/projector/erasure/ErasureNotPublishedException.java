package io.consentgate.projector.erasure;

import io.consentgate.support.web.NotReadyException;
import io.consentgate.support.web.ProblemException;
import io.consentgate.support.web.ProblemType;
import org.springframework.http.HttpStatus;

/**
 * Kafka did not acknowledge an erasure request in time: it may or may not be on the topic, and a retry with the same
 * id is safe (503 with Retry-After).
 */
public final class ErasureNotPublishedException extends ProblemException {

    public ErasureNotPublishedException(String message, Throwable cause) {
        super(ProblemType.KAFKA_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, message, NotReadyException.RETRY_AFTER, cause);
    }
}
