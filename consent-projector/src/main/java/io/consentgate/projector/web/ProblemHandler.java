package io.consentgate.projector.web;

import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.projector.erasure.ErasureNotPublishedException;
import io.consentgate.projector.query.StoreUnavailableException;
import org.springframework.http.HttpHeaders;
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

    @ExceptionHandler(InvalidContactException.class)
    ProblemDetail invalidContact(InvalidContactException e) {
        return problem(HttpStatus.BAD_REQUEST, "Invalid contact", e.getMessage());
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

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
