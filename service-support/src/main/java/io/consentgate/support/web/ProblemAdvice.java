package io.consentgate.support.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of every service as an RFC 9457 problem that says what to do: {@link ProblemException}s as they
 * describe themselves, Spring MVC's own (405, 415, a missing parameter or header, ...) from
 * {@link ResponseEntityExceptionHandler}, anything else as a 500 that is logged. There is deliberately no
 * catch-all for {@link IllegalArgumentException}: a caller's mistake is an {@link InvalidRequestException}, and
 * anything else is a bug that must show as one.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        return ProblemWriter.respond(e);
    }

    /** A bug, not the caller's fault: logged with its stack trace, answered without it (and without the path: it may hold a contact). */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e) {
        log.error("unexpected failure", e);
        return ProblemWriter.respond(ProblemType.INTERNAL, "the service failed unexpectedly (the failure is logged): retry later");
    }

    /** A request parameter of the wrong type, named but not repeated (Spring's own detail quotes the value). */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "a parameter" : e.getPropertyName();
        return cast(ProblemWriter.respond(InvalidRequestException.of(name, "has the wrong type or format")));
    }

    /** A body Spring could not read: 413 past a {@link BoundedBody} limit, else 400 without repeating any of it. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return cast(ProblemWriter.respond(tooLarge));
            }
        }
        return cast(ProblemWriter.respond(InvalidRequestException.of("$", "is not valid JSON of the expected shape")));
    }

    /** Spring's own problems get a type of ours too, where one fits. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && status.value() == HttpStatus.UNSUPPORTED_MEDIA_TYPE.value()) {
            problem.setType(ProblemType.UNSUPPORTED_MEDIA_TYPE.uri());
        } else if (body instanceof ProblemDetail problem && status.value() == HttpStatus.BAD_REQUEST.value()) {
            problem.setType(ProblemType.INVALID_REQUEST.uri());
        } else if (body instanceof ProblemDetail problem && status.value() == HttpStatus.NOT_FOUND.value()) {
            // Spring's detail repeats the path, which may hold a contact's phone number.
            problem.setType(ProblemType.NOT_FOUND.uri());
            problem.setDetail("no such resource: the paths this service serves are in its OpenAPI document, /v3/api-docs");
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }
}
