package io.consentgate.events.web;

import io.consentgate.events.intake.KafkaUnavailableException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem ({@code application/problem+json}) that says what to do. Spring's own
 * MVC errors (405, 415, a missing header, ...) come from {@link ResponseEntityExceptionHandler}.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    public static final URI INVALID_REQUEST = URI.create("https://consentgate.io/problems/invalid-request");
    public static final URI KAFKA_UNAVAILABLE = URI.create("https://consentgate.io/problems/kafka-unavailable");

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setType(INVALID_REQUEST);
        problem.setProperty("errors", e.errors());
        return respond(problem, new HttpHeaders());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "Body too large", e.getMessage()), new HttpHeaders());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unavailable(KafkaUnavailableException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "Events not recorded", e.getMessage());
        problem.setType(KAFKA_UNAVAILABLE);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        return respond(problem, headers);
    }

    /** A bug, not the caller's fault: logged with its stack trace, answered without it. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("unexpected failure", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "the service failed unexpectedly; the request was not recorded: retry later"), new HttpHeaders());
    }

    public static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus()).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
