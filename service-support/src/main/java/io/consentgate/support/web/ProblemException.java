package io.consentgate.support.web;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A failure the caller is told about as an RFC 9457 problem ({@link ProblemAdvice}). Its message is the problem's
 * detail, so it must say what to do and never quote personal data (a contact, a name, a body's values).
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;
    private final HttpStatus status;
    private final Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        this(type, type.status(), detail, null, null);
    }

    /** @param retryAfter sent as {@code Retry-After} (whole seconds, at least 1); null for none */
    public ProblemException(ProblemType type, HttpStatus status, String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ProblemType type() {
        return type;
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Extra members of the problem object, e.g. {@code errors}. */
    public Map<String, Object> properties() {
        return Map.of();
    }
}
