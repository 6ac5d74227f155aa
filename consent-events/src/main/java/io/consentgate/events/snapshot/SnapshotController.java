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
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    @Operation(summary = "Set the templates' status and category from a GET /{waba-id}/message_templates response, as Meta returns it")
    Map<String, Integer> templates(@PathVariable String businessId, HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        return publish(GraphSnapshots.templates(businessId, body(http), clock.instant()));
    }

    @PostMapping(path = "/v1/businesses/{businessId}/snapshots/phone-numbers", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Set the numbers' quality, status and messaging limit from a GET /{waba-id}/phone_numbers or GET /{phone-number-id} response")
    Map<String, Integer> phoneNumbers(@PathVariable String businessId, HttpServletRequest http) {
        CaptureRequests.checkBusinessId(businessId);
        return publish(GraphSnapshots.phoneNumbers(businessId, body(http), clock.instant()));
    }

    private JsonNode body(HttpServletRequest http) {
        JsonNode body = json.read(http, properties.maxRequestSize(), JsonNode.class);
        if (!body.isObject()) {
            throw new InvalidRequestException("the body must be the JSON object Meta's Graph API returned",
                    List.of(new FieldProblem("body", "must be a JSON object")));
        }
        return body;
    }

    private Map<String, Integer> publish(List<BusinessFact> facts) {
        intake.publishAll(List.of(), facts);
        return Map.of("published", facts.size());
    }
}
