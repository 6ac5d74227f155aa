package io.consentgate.projector.web;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.audience.AudienceExclusion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import io.consentgate.projector.query.ContactStore;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.NotReadyException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who of a business has standing permission for a category (and topic, and sender), for campaign planning: streamed as
 * NDJSON, one {@link AudienceMember} a line, straight from a prefix scan of the state store. What changes by the minute
 * (windows, caps, quiet hours, the messaging limit, sender health) is left to the gate at send time. Each contact left
 * out is counted by the rule that left it out ({@code consentgate_projector_audience_excluded_total{reason}}). The
 * instance asked streams its own partitions, then each other instance's (it asks them with the
 * caller's key), so any instance answers for the whole business.
 */
@RestController
public class AudienceController {

    private static final Set<MessageCategory> CATEGORIES =
            Set.of(MessageCategory.MARKETING, MessageCategory.UTILITY, MessageCategory.AUTHENTICATION);

    private final ContactStore store;
    private final InstanceForwarder forwarder;
    private final JsonMapper json;
    private final Clock clock;

    private final Map<AudienceExclusion, Counter> exclusions = new EnumMap<>(AudienceExclusion.class);

    public AudienceController(ContactStore store, InstanceForwarder forwarder, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.forwarder = forwarder;
        this.json = json;
        this.clock = clock;
        // From zero for every reason, so that a dashboard shows 0 rather than nothing.
        for (AudienceExclusion reason : AudienceExclusion.values()) {
            exclusions.put(reason, meters.counter("consentgate.projector.audience.excluded", "reason", reason.name()));
        }
    }

    @GetMapping(path = "/v1/businesses/{businessId}/audience", produces = MediaType.APPLICATION_NDJSON_VALUE)
    @Operation(summary = "Contacts with standing permission for the category (and topic, and sender): an active opt-in covering it, "
            + "not opted out, not marketing-stopped, not erased, not in a blocked region; NDJSON")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE,
            schema = @Schema(implementation = AudienceMember.class)))
    public ResponseEntity<StreamingResponseBody> audience(
            @PathVariable String businessId,
            @Parameter(description = "MARKETING, UTILITY or AUTHENTICATION") @RequestParam String category,
            @Parameter(description = "a consent topic; without it only whole-category consent counts, and an opt-out of any topic leaves a contact out")
            @RequestParam(required = false) String topic,
            @Parameter(description = "the phone_number_id the campaign goes from; without it a marketing stop by any of the business's numbers leaves a contact out")
            @RequestParam(required = false) String senderId,
            HttpServletRequest request) {
        MessageCategory messageCategory = categoryOf(category);
        if (!store.isRunning()) {
            throw new NotReadyException("the projector is starting or rebalancing: retry in a few seconds");
        }
        Instant now = clock.instant();
        List<HostInfo> others = InstanceForwarder.isForwarded(request) ? List.of() : store.otherInstances();
        StreamingResponseBody body = out -> {
            store.audience(new ContactStore.AudienceQuery(businessId, messageCategory, topic, senderId), now,
                    (contact, optIn) -> writeLine(out, AudienceMember.of(contact, optIn)), reason -> exclusions.get(reason).increment());
            for (HostInfo other : others) {
                try (InputStream part = forwarder.stream(other, request)) {
                    part.transferTo(out);
                }
            }
        };
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_NDJSON).body(body);
    }

    private void writeLine(OutputStream out, AudienceMember member) {
        try {
            out.write(json.writeValueAsBytes(member));
            out.write('\n');
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the client stopped reading the audience", e);
        }
    }

    private static MessageCategory categoryOf(String category) {
        try {
            MessageCategory parsed = MessageCategory.valueOf(category.strip().toUpperCase(java.util.Locale.ROOT));
            if (CATEGORIES.contains(parsed)) {
                return parsed;
            }
        } catch (IllegalArgumentException ignored) {
            // answered below, with the accepted values
        }
        throw InvalidRequestException.of("category", "is not one of MARKETING, UTILITY, AUTHENTICATION"); // the value is not repeated: it may be anything
    }
}
