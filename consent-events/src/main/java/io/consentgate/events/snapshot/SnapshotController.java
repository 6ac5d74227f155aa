package io.consentgate.events.snapshot;

import io.consentgate.events.EventsProperties;
import io.consentgate.events.capture.CaptureRequests;
import io.consentgate.events.intake.EventIntake;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Loads a business's current state from what Meta's Graph API returns for its account, so a business is not blind
 * on its first day: a sync job posts the responses unchanged. Authenticated like the capture API; 400 naming each
 * invalid field and nothing published; 202 only once Kafka acknowledged every fact.
 */
@RestController
class SnapshotController {

    /** How far ahead of this clock a sync job's asOf may be (its clock may run a little ahead). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final StrictJson json;
    private final EventIntake intake;
    private final EventsProperties properties;
    private final Clock clock;

    SnapshotController(StrictJson json, EventIntake intake, EventsProperties properties, Clock clock) {
        this.json = json;
        this.intake = intake;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(path = "/v1/businesses/{businessId}/snapshots/message-templates", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Set the templates' status and category from GET /{waba-id}/message_templates responses, as Meta returns them:"
            + " one page, or a JSON array of every page in order; a complete list (the first page without paging.previous, the last"
            + " without paging.next) also marks the business's other templates gone. asOf: when the sync job began reading the pages"
            + " (default: now); template events after it win")
    Map<String, Object> templates(@PathVariable String businessId, @RequestParam(required = false) String asOf, HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        Instant at = asOf(asOf);
        GraphSnapshots.TemplateSnapshot snapshot = GraphSnapshots.templates(businessId, body(http, true), at);
        publish(snapshot.facts());
        return Map.of("published", snapshot.facts().size(), "complete", snapshot.complete(), "asOf", at.toString());
    }

    @PostMapping(path = "/v1/businesses/{businessId}/snapshots/phone-numbers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Set the numbers' quality, status and messaging limit from a GET /{waba-id}/phone_numbers or GET /{phone-number-id} response")
    Map<String, Integer> phoneNumbers(@PathVariable String businessId, HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        List<BusinessFact> facts = GraphSnapshots.phoneNumbers(businessId, body(http, false), clock.instant());
        publish(facts);
        return Map.of("published", facts.size());
    }

    /**
     * When the snapshot was taken: {@code asOf} if the sync job says (an ISO-8601 instant, not in the future: it is
     * when it began reading the pages, so a template created while it read is not marked gone), otherwise now.
     */
    private Instant asOf(String asOf) {
        Instant now = clock.instant();
        if (asOf == null || asOf.isBlank()) {
            return now;
        }
        try {
            Instant at = Instant.parse(asOf.strip());
            if (at.isAfter(now.plus(CLOCK_SKEW))) {
                throw new InvalidRequestException("asOf is in the future", List.of(new FieldProblem("asOf", "must not be in the future")));
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("asOf is not an instant",
                    List.of(new FieldProblem("asOf", "must be an ISO-8601 instant such as 2026-11-20T10:15:02Z")));
        }
    }

    private JsonNode body(HttpServletRequest http, boolean pagesAllowed) {
        JsonNode body = json.read(http, properties.maxRequestSize(), JsonNode.class);
        if (pagesAllowed && body.isArray()) {
            return body;
        }
        if (!body.isObject()) {
            throw new InvalidRequestException("the body must be the JSON object Meta's Graph API returned",
                    List.of(new FieldProblem("body", "must be a JSON object")));
        }
        return body;
    }

    private void publish(List<BusinessFact> facts) {
        intake.publishAll(List.of(), facts);
    }
}
