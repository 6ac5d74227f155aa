package io.consentgate.projector.web;

import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.projector.ProjectorProperties;
import io.consentgate.projector.erasure.ErasurePublisher;
import io.consentgate.projector.query.ContactLocation;
import io.consentgate.projector.query.ContactRecord;
import io.consentgate.projector.query.ContactStore;
import io.consentgate.projector.query.StoreUnavailableException;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.schemas.ContactKey;
import io.consentgate.support.web.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A contact's consent: current state, history with proof, data-subject export and erasure. The
 * contact may be written in any format ({@code +34 612 34 56 78}, {@code 0034612345678}, a BSUID);
 * a query is answered by the instance that holds the contact, forwarded there when needed.
 */
@RestController
@RequestMapping(path = "/v1/businesses/{businessId}/contacts/{contact}", produces = MediaType.APPLICATION_JSON_VALUE)
public class ContactController {

    private final ContactStore store;
    private final InstanceForwarder forwarder;
    private final ErasurePublisher erasures;
    private final ProjectorProperties properties;
    private final Clock clock;

    public ContactController(ContactStore store, InstanceForwarder forwarder, ErasurePublisher erasures,
                             ProjectorProperties properties, Clock clock) {
        this.store = store;
        this.forwarder = forwarder;
        this.erasures = erasures;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "Current state: standing per category, consent per scope, windows per sender, marketing stops")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ContactView.class)))
    public ResponseEntity<?> state(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        return answer(businessId, contact, request, held -> ContactView.of(held.state(), clock.instant()));
    }

    @GetMapping("/history")
    @Operation(summary = "Consent history: every opt-in with its proof and every opt-out, oldest first")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HistoryView.class)))
    public ResponseEntity<?> history(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        return answer(businessId, contact, request, held -> new HistoryView(held.state().businessId(),
                held.state().isErased() ? null : held.state().contact().canonical(), held.history()));
    }

    @GetMapping("/export")
    @Operation(summary = "Data-subject access: everything held about the contact (state and history)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportView.class)))
    public ResponseEntity<?> export(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        return answer(businessId, contact, request, held -> new ExportView(clock.instant(), "consent-projector",
                ContactView.of(held.state(), clock.instant()), held.history()));
    }

    @PostMapping(path = "/erasure", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    @Operation(summary = "Data-subject erasure: files an ErasureRequested event; 202 once Kafka acknowledged it")
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ErasureAccepted.class)))
    public ResponseEntity<ErasureAccepted> erase(@PathVariable String businessId, @PathVariable String contact,
                                                 @RequestBody(required = false) ErasureRequest body, HttpServletRequest request) {
        ContactKey key = keyOf(businessId, contact);
        String requestId = body == null || body.requestId() == null || body.requestId().isBlank()
                ? UUID.randomUUID().toString() : body.requestId();
        String requestedBy = body == null || body.requestedBy() == null || body.requestedBy().isBlank()
                ? String.valueOf(request.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE)) : body.requestedBy();
        ContactEvent event = erasures.publish(key, requestId, requestedBy);
        ErasureRequested erasure = (ErasureRequested) event.getPayload();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ErasureAccepted(erasure.getRequestId(), event.getEventId(),
                businessId, erasure.getRequestedBy(), event.getRecordedAt()));
    }

    private ResponseEntity<?> answer(String businessId, String contact, HttpServletRequest request,
                                     Function<ContactRecord, Object> view) {
        ContactKey key = keyOf(businessId, contact);
        return switch (store.locate(key)) {
            case ContactLocation.Local local -> ResponseEntity.ok(view.apply(
                    store.find(key, local.partition()).orElseThrow(() -> new ContactNotFoundException(key))));
            case ContactLocation.Remote remote when InstanceForwarder.isForwarded(request) ->
                    throw new StoreUnavailableException("the contact's partition is moving between instances: retry in a few seconds");
            case ContactLocation.Remote remote -> forwarder.forward(remote.host(), request);
        };
    }

    private ContactKey keyOf(String businessId, String contact) {
        return ContactIdentity.key(businessId, contact, properties.defaultRegion());
    }
}
