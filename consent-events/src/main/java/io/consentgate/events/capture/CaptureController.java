package io.consentgate.events.capture;

import io.consentgate.events.EventsProperties;
import io.consentgate.events.intake.EventIntake;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.support.web.StrictJson;
import io.consentgate.support.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Records one opt-in or opt-out. Answers 202 only once Kafka has acknowledged the event; 400 with
 * field errors for a request that cannot be recorded; 503 with Retry-After when Kafka is unavailable.
 * The body is read here, bounded, rather than bound by Spring, so that its size is limited before parsing.
 */
@RestController
class CaptureController {

    private final StrictJson json;
    private final CaptureRequests requests;
    private final EventIntake intake;
    private final EventsProperties properties;

    CaptureController(StrictJson json, CaptureRequests requests, EventIntake intake, EventsProperties properties) {
        this.json = json;
        this.requests = requests;
        this.intake = intake;
        this.properties = properties;
    }

    @PostMapping(path = "/v1/businesses/{businessId}/opt-ins", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Record one opt-in and its proof; 202 once Kafka acknowledged it")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OptInRequest.class)))
    Recorded optIn(@PathVariable String businessId,
                   @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                   HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        String eventId = IdempotencyKeys.eventId(businessId, idempotencyKey);
        OptInRequest request = json.read(http, properties.maxRequestSize(), OptInRequest.class);
        return record(requests.optIn(businessId, eventId, caller(http), request));
    }

    @PostMapping(path = "/v1/businesses/{businessId}/opt-outs", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Record one opt-out; 202 once Kafka acknowledged it")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = OptOutRequest.class)))
    Recorded optOut(@PathVariable String businessId,
                    @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                    HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        String eventId = IdempotencyKeys.eventId(businessId, idempotencyKey);
        OptOutRequest request = json.read(http, properties.maxRequestSize(), OptOutRequest.class);
        return record(requests.optOut(businessId, eventId, caller(http), request));
    }

    private Recorded record(ContactFact fact) {
        return Recorded.of(intake.publishAll(List.of(fact), List.of()).getFirst());
    }

    static String caller(HttpServletRequest http) {
        return http.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE) instanceof String caller ? caller : null;
    }
}
