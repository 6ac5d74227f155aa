package io.consentgate.events.webhook;

import io.consentgate.events.EventsProperties;
import io.consentgate.events.intake.EventIntake;
import io.consentgate.events.intake.IntakeMetrics;
import io.consentgate.support.web.BoundedBody;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.ProblemType;
import io.consentgate.support.web.ProblemWriter;
import io.consentgate.support.web.JsonRefusal;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's WhatsApp webhook. A public path (no API key): a POST proves itself with its signature, checked on
 * the raw bytes before anything is parsed. 200 only once every event of the delivery is in Kafka, so
 * that Meta delivers again whatever was not; its repeats are harmless (event ids follow Meta's ids).
 */
@RestController
class WebhookController {

    static final String PATH = "/webhooks/whatsapp";
    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final EventsProperties properties;
    private final WebhookSignature signature;
    private final WhatsAppWebhookMapper mapper;
    private final JsonMapper json;
    private final EventIntake intake;
    private final IntakeMetrics metrics;
    private final RecentDeliveries recent;

    WebhookController(EventsProperties properties, JsonMapper json, EventIntake intake, IntakeMetrics metrics, Clock clock) {
        this.properties = properties;
        this.signature = new WebhookSignature(properties.whatsapp().appSecret());
        this.mapper = new WhatsAppWebhookMapper(properties.whatsapp().accounts(), properties.whatsapp().senders(), clock);
        this.json = json;
        this.intake = intake;
        this.metrics = metrics;
        this.recent = new RecentDeliveries(clock);
        if (properties.whatsapp().appSecret() == null) {
            log.warn("consentgate.events.whatsapp.app-secret is not set: every webhook delivery will be refused with 401");
        }
    }

    /** Meta's subscription check: echo the challenge when the verify token matches. */
    @GetMapping(PATH)
    @Operation(summary = "Meta's subscription check: echoes hub.challenge when hub.verify_token matches (public)")
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        String expected = properties.whatsapp().verifyToken();
        boolean tokenMatches = expected != null && token != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenMatches || challenge == null) {
            return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN)
                    .body("verification refused: hub.mode must be subscribe and hub.verify_token must match consentgate.events.whatsapp.verify-token");
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(challenge);
    }

    @PostMapping(PATH)
    @Operation(summary = "Meta's deliveries, signed with X-Hub-Signature-256 (public: the signature is the proof);"
            + " 200 once every event is in Kafka")
    ResponseEntity<?> receive(@RequestHeader(name = WebhookSignature.HEADER, required = false) String signatureHeader,
                              HttpServletRequest http) {
        byte[] body = BoundedBody.read(http, properties.whatsapp().maxBodySize());
        if (!signature.isValid(signatureHeader, body)) {
            metrics.signatureFailure();
            return ProblemWriter.respond(ProblemType.BAD_SIGNATURE,
                    "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body with the app secret: "
                            + "check consentgate.events.whatsapp.app-secret");
        }
        MappedBatch batch = mapper.map(parse(body));
        // Signed and readable: publish it unless this very delivery was published lately (a replay, or Meta's redelivery
        // of one whose 200 got lost). Answered 200 either way, so that Meta stops redelivering it; "replayed" says which.
        String digest = RecentDeliveries.digest(body);
        if (!recent.claim(digest)) {
            metrics.refusedWebhookItem("replayed_delivery");
            log.info("webhook delivery received again within {}: already published, not published twice", RecentDeliveries.WINDOW);
            return ResponseEntity.ok(Map.of("published", 0, "replayed", true));
        }
        batch.unknown().forEach(metrics::unknownWebhookContent);
        for (MappedBatch.Refusal refusal : batch.refusals()) {
            metrics.refusedWebhookItem(refusal.reason());
            log.warn("webhook item not recorded ({}): {}", refusal.reason(), refusal.detail());
        }
        try {
            int published = intake.publishAll(batch.contactFactsWithLinks(), batch.businessFacts()).size();
            metrics.deliveryErrors(batch.contactFacts());
            return ResponseEntity.ok(Map.of("published", published));
        } catch (RuntimeException notPublished) {
            recent.release(digest);
            throw notPublished;
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode delivery = json.readTree(body);
            if (delivery == null || !delivery.isObject()) {
                throw new InvalidRequestException("the webhook body is not a JSON object", List.of(new FieldProblem("$", "expected a JSON object")));
            }
            return delivery;
        } catch (JacksonException e) {
            throw new InvalidRequestException("the webhook body is not valid JSON", List.of(new FieldProblem("$", JsonRefusal.reasonOf(e))));
        }
    }
}
