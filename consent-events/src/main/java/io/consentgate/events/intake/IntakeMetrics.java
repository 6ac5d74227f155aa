package io.consentgate.events.intake;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.events.webhook.WebhookRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.springframework.stereotype.Component;

/** The intake's own metrics; requests by endpoint and outcome are Spring's {@code http_server_requests_seconds}. */
@Component
public class IntakeMetrics {

    /** Tag values come from Meta's payloads: anything but a short snake_case word is folded into one value. */
    private static final Pattern TAG_VALUE = Pattern.compile("[a-z0-9_.]{1,80}");

    private final MeterRegistry registry;
    private final Timer publishLatency;
    private final Counter signatureFailures;

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.publishLatency = Timer.builder("consentgate.publish.latency")
                .description("From send to acknowledgement by every in-sync replica")
                .publishPercentileHistogram()
                .register(registry);
        this.signatureFailures = Counter.builder("consentgate.webhook.signature.failures")
                .description("Webhook posts refused for a missing or wrong X-Hub-Signature-256")
                .register(registry);
        // From zero for every value known up front, so that a dashboard shows 0 rather than nothing, and the first
        // event or refusal is an increase. (Unknown webhook content is open-ended: counted from its first sighting.)
        for (Schema.Field payload : List.of(ContactEvent.getClassSchema().getField("payload"), BusinessEvent.getClassSchema().getField("payload"))) {
            payload.schema().getTypes().forEach(type -> publishedOf(type.getName()));
        }
        for (WebhookRefusal reason : WebhookRefusal.values()) {
            refused(reason.tag());
        }
        KNOWN_DELIVERY_ERRORS.forEach(this::deliveryError);
    }

    /**
     * The delivery error codes the rules act on (docs/rules.md, "Delivery feedback"): 131026 undeliverable, 131047 window
     * closed (the gate's window was wrong), 131048 spam rate limit, 131049 per-user marketing cap, 131050 marketing stopped,
     * 131056 pair rate limit, 130429 throughput. Other codes are counted from their first sighting.
     */
    public static final List<Integer> KNOWN_DELIVERY_ERRORS = List.of(131026, 131047, 131048, 131049, 131050, 131056, 130429);

    /** Meta's error codes are numbers; anything else a payload calls a code is folded into one value. */
    private static final Pattern ERROR_CODE = Pattern.compile("[0-9]{1,7}");

    /** Every error code of the delivery statuses published, one count each. */
    public void deliveryErrors(List<ContactFact> published) {
        for (ContactFact fact : published) {
            if (fact.payload() instanceof DeliveryStatusReported status) {
                status.getErrorCodes().forEach(code -> deliveryError(code).increment());
            }
        }
    }

    private Counter deliveryError(int code) {
        String tag = Integer.toString(code);
        return registry.counter("consentgate.webhook.delivery.errors", "code", ERROR_CODE.matcher(tag).matches() ? tag : "other");
    }

    void published(String type, Duration latency) {
        publishedOf(type).increment();
        publishLatency.record(latency);
    }

    public void signatureFailure() {
        signatureFailures.increment();
    }

    /** Something in a webhook this version does not know: ignored, never a failure. */
    public void unknownWebhookContent(String kind) {
        registry.counter("consentgate.webhook.unknown", "kind", tagValue(kind)).increment();
    }

    /** A webhook item that could not become an event (unknown account, no usable contact, ...). */
    public void refusedWebhookItem(String reason) {
        refused(reason).increment();
    }

    private Counter publishedOf(String type) {
        return registry.counter("consentgate.events.published", "type", type);
    }

    private Counter refused(String reason) {
        return registry.counter("consentgate.webhook.refused", "reason", tagValue(reason));
    }

    private static String tagValue(String value) {
        return TAG_VALUE.matcher(value).matches() ? value : "other";
    }
}
