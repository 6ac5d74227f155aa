package io.consentgate.support.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** The service cannot answer yet (its stores are starting, restoring or moving between instances): 503 with Retry-After. */
public class NotReadyException extends ProblemException {

    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public NotReadyException(String detail) {
        this(detail, null);
    }

    public NotReadyException(String detail, Throwable cause) {
        super(ProblemType.NOT_READY, HttpStatus.SERVICE_UNAVAILABLE, detail, RETRY_AFTER, cause);
    }
}
