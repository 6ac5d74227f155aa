package io.consentgate.support.web;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * For the services that answer from Kafka Streams' stores: a store that cannot be queried (starting, rebalancing,
 * restoring, or the streams stopped) is an outage the caller waits out, 503 with Retry-After, not a bug. Asked
 * before {@link ProblemAdvice}, whose catch-all would otherwise answer it.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class StreamsProblemAdvice {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notQueryable(InvalidStateStoreException e) {
        return ProblemWriter.respond(new NotReadyException(
                "the service's stores cannot be queried right now (starting, rebalancing or restoring): retry in a few seconds", e));
    }
}
