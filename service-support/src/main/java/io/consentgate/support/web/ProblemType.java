package io.consentgate.support.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of problem the services answer, each with a stable type URI (a client may switch on it), a title and
 * its usual status. The URIs name the kind, not a page: nothing is served there.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", "Unauthorized", HttpStatus.UNAUTHORIZED),
    BAD_SIGNATURE("bad-signature", "Bad signature", HttpStatus.UNAUTHORIZED),
    NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
    BODY_TOO_LARGE("body-too-large", "Body too large", HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    OTHER_INSTANCE("other-instance", "Ask another instance", HttpStatus.MISDIRECTED_REQUEST),
    NOT_DECIDABLE("not-decidable", "Not decidable", HttpStatus.UNPROCESSABLE_CONTENT),
    NOT_READY("not-ready", "Not available right now", HttpStatus.SERVICE_UNAVAILABLE),
    KAFKA_UNAVAILABLE("kafka-unavailable", "Not recorded: Kafka unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

    private static final String BASE = "https://consentgate.io/problems/";

    private final URI uri;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }
}
