package io.consentgate.projector.web;

import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.projector.erasure.ErasureNotPublishedException;
import io.consentgate.projector.query.StoreUnavailableException;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error as an RFC 9457 problem whose detail says what went wrong and what to do. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(InvalidContactException.class)
    ProblemDetail invalidContact(InvalidContactException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid contact", "the contact in the path is neither a valid phone number nor a BSUID: it "
                + whyNotAContact(e) + " (URL-encode it: + as %2B, space as %20)");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidArgument(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
    }

    @ExceptionHandler(ContactNotFoundException.class)
    ProblemDetail notFound(ContactNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Contact not found", e.getMessage());
    }

    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(StoreUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Not available right now", e.getMessage()));
    }

    @ExceptionHandler(ErasureNotPublishedException.class)
    ResponseEntity<ProblemDetail> erasureNotPublished(ErasureNotPublishedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Erasure not accepted", e.getMessage()));
    }

    /** A request parameter of the wrong type, named but not repeated (Spring's own detail quotes the value). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "a parameter" : "parameter '" + e.getPropertyName() + "'";
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(problem(HttpStatus.BAD_REQUEST, "Invalid request", name + " has the wrong type or format"));
    }

    /**
     * Anything else. Kafka Streams refusing a query because it is not running (ERROR after a failed stream thread,
     * or shutting down) is an outage, not a bug in the request: 503, as for a store that is starting. The rest is a
     * bug: 500, logged with its stack trace, answered without it and without the request's path (a contact is in it).
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        if (e instanceof IllegalStateException && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().startsWith(KafkaStreams.class.getPackageName())) {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Not available right now",
                            "the projector's streams are not running: retry later (its health says why)"));
        }
        log.error("unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "the projector failed unexpectedly: retry later"));
    }

    /** A body over {@link RequestBodyLimitFilter}'s limit that came without a Content-Length: 413, as with one. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimitFilter.BodyTooLargeException) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", RequestBodyLimitFilter.DETAIL));
            }
        }
        return ResponseEntity.status(HttpStatus.BAD_REQUEST)
                .body(problem(HttpStatus.BAD_REQUEST, "Bad Request", "the body is not valid JSON of the expected shape"));
    }

    /**
     * Why the contact was refused, without the contact: the core's message quotes it ("contact '…' is too short …"),
     * and an error answer carries no personal data (docs/rules.md "Privacy"). The reasons themselves never contain "' ".
     */
    static String whyNotAContact(InvalidContactException e) {
        String message = String.valueOf(e.getMessage());
        int quoteEnd = message.lastIndexOf("' ");
        return quoteEnd < 0 ? "cannot be read" : message.substring(quoteEnd + 2);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
