package io.consentgate.projector.web;

import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.projector.erasure.ErasurePublisher;
import io.consentgate.projector.query.ContactLocation;
import io.consentgate.projector.query.ContactRecord;
import io.consentgate.projector.query.ContactStore;
import io.consentgate.support.web.NotReadyException;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.schemas.ContactKey;
import io.consentgate.support.web.ApiKeyFilter;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.function.BiFunction;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;

/**
 * A contact's consent: current state, history with proof, data-subject export and erasure. The
 * contact may be written in any format ({@code +34 612 34 56 78}, {@code 0034612345678}, a BSUID);
 * a query is answered by the instance that holds the contact, forwarded there when needed.
 */
@RestController
@RequestMapping(path = "/v1/businesses/{businessId}/contacts/{contact}", produces = MediaType.APPLICATION_JSON_VALUE)
public class ContactController {

    private static final int MAX_DECISIONS_LIMIT = 1000;
    /** An erasure request is two short strings. */
    private static final DataSize MAX_ERASURE_BODY = DataSize.ofKilobytes(64);
    /** State and history views need no decisions. */
    private static final int NO_DECISIONS = 0;
    /** Enough of the newest decisions to find an opt-out's confirmation, sent within 24 h of it. */
    private static final int CONFIRMATION_LOOKBACK = 200;

    private final ContactStore store;
    private final InstanceForwarder forwarder;
    private final ErasurePublisher erasures;
    private final BusinessPolicies policies;
    private final Clock clock;
    private final StrictJson json;

    /** @param policies the business policy ({@code consentgate.policy.*}): its region reads national numbers, as at capture */
    public ContactController(ContactStore store, InstanceForwarder forwarder, ErasurePublisher erasures,
                             BusinessPolicies policies, Clock clock, StrictJson json) {
        this.store = store;
        this.forwarder = forwarder;
        this.erasures = erasures;
        this.policies = policies;
        this.clock = clock;
        this.json = json;
    }

    @GetMapping
    @Operation(summary = "Current state: standing per category and per scope, consent per scope with each opt-out's confirmation, "
            + "windows per sender, marketing stops")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ContactView.class)))
    public ResponseEntity<?> state(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        // the newest decisions say whether an opt-out's confirmation went (it goes within 24 h of the opt-out)
        ContactKey key = keyOf(businessId, contact);
        return switch (store.locate(key)) {
            case ContactLocation.Local local -> {
                ContactRecord held = store.find(key, local.partition(), CONFIRMATION_LOOKBACK).orElseThrow(() -> new ContactNotFoundException(key));
                yield held.linkedTo() == null ? ResponseEntity.ok(ContactView.of(stateOf(key, held), held.decisions(), held.linkedTo(), held.aliases(), clock.instant()))
                        : person(new ContactKey(businessId, held.linkedTo()), request);
            }
            case ContactLocation.Remote remote when InstanceForwarder.isForwarded(request) ->
                    throw new NotReadyException("the contact's partition is moving between instances: retry in a few seconds");
            case ContactLocation.Remote remote -> forwarder.forward(remote.host(), request);
        };
    }

    /**
     * Asked by a phone number linked to a BSUID: the person's state, which governs sends to either (docs/identity.md),
     * marked with the BSUID it is held under; from the instance that holds the BSUID.
     */
    private ResponseEntity<?> person(ContactKey person, HttpServletRequest request) {
        return switch (store.locate(person)) {
            case ContactLocation.Local local -> {
                ContactRecord held = store.find(person, local.partition(), CONFIRMATION_LOOKBACK).orElseThrow(() -> new ContactNotFoundException(person));
                yield ResponseEntity.ok(ContactView.of(stateOf(person, held), held.decisions(), person.contact(), held.aliases(), clock.instant()));
            }
            // Also from a forwarded request: a BSUID is never linked on, so this cannot go round in circles.
            case ContactLocation.Remote remote -> forwarder.forward(remote.host(), request, request.getRequestURI()
                    .substring(0, request.getRequestURI().lastIndexOf('/') + 1) + URLEncoder.encode(person.contact(), StandardCharsets.UTF_8));
        };
    }

    @GetMapping("/history")
    @Operation(summary = "Consent history: every opt-in with its proof and every opt-out, oldest first")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = HistoryView.class)))
    public ResponseEntity<?> history(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        return answer(businessId, contact, NO_DECISIONS, request, (key, held) -> {
            ContactFacts state = stateOf(key, held);
            return new HistoryView(state.businessId(), state.isErased() ? null : state.contact().canonical(), held.history());
        });
    }

    @GetMapping("/decisions")
    @Operation(summary = "Send decisions, newest first: what the gate approved or refused for the contact, and why")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DecisionsView.class)))
    public ResponseEntity<?> decisions(@PathVariable String businessId, @PathVariable String contact,
                                       @Parameter(description = "at most this many decisions, 1 to 1000")
                                       @RequestParam(defaultValue = "100") int limit,
                                       HttpServletRequest request) {
        if (limit < 1 || limit > MAX_DECISIONS_LIMIT) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MAX_DECISIONS_LIMIT + ": use the export for every decision held");
        }
        // one more than asked for says whether there are more
        return answer(businessId, contact, limit + 1, request, (key, held) -> new DecisionsView(key.businessId(),
                held.state() != null && held.state().isErased() ? null : key.contact(),
                held.decisions().subList(0, Math.min(limit, held.decisions().size())), held.decisions().size() > limit));
    }

    @GetMapping("/export")
    @Operation(summary = "Data-subject access: everything held about the contact (state, history and send decisions)")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExportView.class)))
    public ResponseEntity<?> export(@PathVariable String businessId, @PathVariable String contact, HttpServletRequest request) {
        return answer(businessId, contact, Integer.MAX_VALUE, request, (key, held) -> new ExportView(clock.instant(), "consent-projector",
                held.state() == null ? null : ContactView.of(held.state(), held.decisions(), clock.instant()), held.history(), held.decisions()));
    }

    /** The body is optional and read here, bounded and strictly (an unknown property is refused, so is a body that is not JSON). */
    @PostMapping(path = "/erasure", consumes = {MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    @Operation(summary = "Data-subject erasure: files an ErasureRequested event; 202 once Kafka acknowledged it",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ErasureRequest.class))))
    @ApiResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = ErasureAccepted.class)))
    public ResponseEntity<ErasureAccepted> erase(@PathVariable String businessId, @PathVariable String contact,
                                                 HttpServletRequest request) {
        ContactKey key = keyOf(businessId, contact);
        ErasureRequest body = json.readOptional(request, MAX_ERASURE_BODY, ErasureRequest.class);
        String requestId = body == null || body.requestId() == null || body.requestId().isBlank()
                ? UUID.randomUUID().toString() : body.requestId();
        String requestedBy = body == null || body.requestedBy() == null || body.requestedBy().isBlank()
                ? String.valueOf(request.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE)) : body.requestedBy();
        ContactEvent event = erasures.publish(key, requestId, requestedBy);
        ErasureRequested erasure = (ErasureRequested) event.getPayload();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new ErasureAccepted(erasure.getRequestId(), event.getEventId(),
                businessId, erasure.getRequestedBy(), event.getRecordedAt()));
    }

    private ResponseEntity<?> answer(String businessId, String contact, int maxDecisions, HttpServletRequest request,
                                     BiFunction<ContactKey, ContactRecord, Object> view) {
        ContactKey key = keyOf(businessId, contact);
        return switch (store.locate(key)) {
            case ContactLocation.Local local -> ResponseEntity.ok(view.apply(key,
                    store.find(key, local.partition(), maxDecisions).orElseThrow(() -> new ContactNotFoundException(key))));
            case ContactLocation.Remote remote when InstanceForwarder.isForwarded(request) ->
                    throw new NotReadyException("the contact's partition is moving between instances: retry in a few seconds");
            case ContactLocation.Remote remote -> forwarder.forward(remote.host(), request);
        };
    }

    /** Only send decisions are held when no consent event was ever recorded: then there is no state to show. */
    private static ContactFacts stateOf(ContactKey key, ContactRecord held) {
        if (held.state() == null) {
            throw new ContactNotFoundException(key);
        }
        return held.state();
    }

    private ContactKey keyOf(String businessId, String contact) {
        Contact parsed;
        try {
            parsed = ContactIdentity.parse(contact, policies.of(businessId).defaultRegion());
        } catch (InvalidContactException e) {
            throw InvalidRequestException.of("contact", "in the path " + e.reason() + " (URL-encode it: + as %2B, space as %20)");
        }
        try {
            return parsed.keyAt(businessId);
        } catch (IllegalArgumentException e) { // ContactKey's own check; its message quotes the id, so not repeated
            throw InvalidRequestException.of("businessId", "must not be blank or contain '|'");
        }
    }
}
