package io.consentgate.events.capture;

import io.consentgate.events.EventsProperties;
import io.consentgate.events.intake.EventIntake;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.support.web.BoundedBody;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.ProblemType;
import io.consentgate.support.web.ProblemWriter;
import io.consentgate.support.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports an existing consent list (NDJSON or CSV, thousands of lines): every line is checked first, so
 * a body that is too large or unreadable publishes nothing; then the valid lines are published, and the
 * answer (202, with the per-line report) comes once Kafka has acknowledged all of them. A retry of a
 * failed import with the same Idempotency-Key republishes the same event ids, so it records each line once.
 */
@RestController
class ImportController {

    static final String NDJSON = "application/x-ndjson";
    static final String CSV = "text/csv";

    private final StrictJson json;
    private final CaptureRequests requests;
    private final EventIntake intake;
    private final EventsProperties properties;

    ImportController(StrictJson json, CaptureRequests requests, EventIntake intake, EventsProperties properties) {
        this.json = json;
        this.requests = requests;
        this.intake = intake;
        this.properties = properties;
    }

    @PostMapping(path = "/v1/businesses/{businessId}/consent-imports", consumes = {NDJSON, "application/jsonl", CSV})
    @Operation(summary = "Import a consent list, one opt-in or opt-out a line (NDJSON with a \"type\", or CSV with a header);"
            + " 202 with a per-line report once Kafka acknowledged every valid line, 422 when no line can be recorded")
    ResponseEntity<?> importConsents(@PathVariable String businessId,
                                     @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
                                     @RequestHeader(name = "Content-Type") MediaType contentType,
                                     HttpServletRequest http) throws IOException {
        CaptureRequests.checkBusinessId(businessId);
        IdempotencyKeys.requireValid(idempotencyKey);
        String caller = CaptureController.caller(http);
        List<ContactFact> facts = new ArrayList<>();
        List<ImportReport.Refusal> refusals = new ArrayList<>();
        try (Reader body = new InputStreamReader(BoundedBody.stream(http, properties.maxImportSize()), StandardCharsets.UTF_8)) {
            Consumer<ImportLines.Line> check = line -> {
                try {
                    if (line.error() != null) {
                        throw line.error();
                    }
                    facts.add(factOf(businessId, idempotencyKey, caller, line));
                } catch (InvalidRequestException e) {
                    refusals.add(new ImportReport.Refusal(line.number(), e.errors()));
                }
            };
            if (CSV.equals(contentType.getType() + "/" + contentType.getSubtype())) {
                ImportLines.csv(body, check);
            } else {
                ImportLines.ndjson(body, json, check);
            }
        }
        ImportReport report = new ImportReport(facts.size(), refusals.size(), refusals);
        if (facts.isEmpty()) {
            HttpStatus status = refusals.isEmpty() ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
            ProblemDetail problem = ProblemWriter.problem(ProblemType.INVALID_REQUEST, status, refusals.isEmpty()
                    ? "the import has no lines: send one opt-in or opt-out per line"
                    : "no line of the import can be recorded: fix the refused lines and send them again");
            problem.setProperty("accepted", 0);
            problem.setProperty("refused", refusals.size());
            problem.setProperty("refusals", refusals);
            return ProblemWriter.respond(problem, new HttpHeaders());
        }
        EventIntake.Batch batch = intake.batch();
        facts.forEach(batch::add);
        batch.awaitAcknowledged();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(report);
    }

    private ContactFact factOf(String businessId, String idempotencyKey, String caller, ImportLines.Line line) {
        ObjectNode object = (ObjectNode) line.object();
        JsonNode type = object.remove("type");
        JsonNode lineKey = object.remove("idempotencyKey");
        String eventId = lineKey != null && lineKey.isString()
                ? IdempotencyKeys.eventId(businessId, lineKey.stringValue())
                : IdempotencyKeys.eventIdOfLine(businessId, idempotencyKey, line.number());
        String kind = type != null && type.isString() ? type.stringValue() : "";
        return switch (kind) {
            case "opt-in" -> requests.optIn(businessId, eventId, caller, json.convert(object, OptInRequest.class));
            case "opt-out" -> requests.optOut(businessId, eventId, caller, json.convert(object, OptOutRequest.class));
            default -> throw new InvalidRequestException("unknown line type",
                    List.of(new FieldProblem("type", "is required: opt-in or opt-out")));
        };
    }
}
