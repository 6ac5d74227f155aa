package io.consentgate.gate.app;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.MessagingLimitUse;
import io.consentgate.gate.topology.DecisionExplainer;
import io.consentgate.gate.topology.GateTopology;
import io.consentgate.schemas.ContactKey;
import jakarta.servlet.http.HttpServletRequest;
import io.consentgate.support.streams.KeyOwner;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.NotReadyException;
import io.consentgate.support.web.ProblemException;
import io.consentgate.support.web.ProblemType;
import io.consentgate.support.web.StrictJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.util.unit.DataSize;

/**
 * {@code POST /v1/decisions/explain}: what the gate would decide for a request now, and why, without
 * deciding it (read-only, behind the API key). Answered by the instance that holds the contact's
 * partition; any other answers 421 naming it, as advertised in {@code application.server}, which is
 * also what lets Kafka Streams say which partition a key is on.
 */
@RestController
class ExplainController {

    /** A SendRequest without its payload is well under 1 KB. */
    static final DataSize MAX_BODY = DataSize.ofKilobytes(64);

    private final GateStreams streams;
    private final DecisionExplainer explainer;
    private final StrictJson json;
    private final Clock clock;

    ExplainController(GateStreams streams, DecisionExplainer explainer, StrictJson json, Clock clock) {
        this.streams = streams;
        this.explainer = explainer;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The body is read here, bounded and strictly (an unknown property is refused), rather than bound by Spring. No
     * answer quotes the contact or its key: they are phone numbers.
     */
    @PostMapping(path = "/v1/decisions/explain", consumes = "application/json", produces = "application/json")
    @Operation(summary = "What the gate would decide for this send request now, and why, without deciding it")
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ExplanationView.class)))
    @ApiResponse(responseCode = "421", description = "another instance holds the contact's partition: ask it (the detail names it)",
            content = @Content(mediaType = "application/problem+json"))
    @ApiResponse(responseCode = "422", description = "the contact is not a valid phone number or BSUID: the gate would refuse it as INVALID_REQUEST",
            content = @Content(mediaType = "application/problem+json"))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExplainRequest.class)))
    ResponseEntity<ExplanationView> explain(HttpServletRequest http) {
        ExplainRequest body = json.read(http, MAX_BODY, ExplainRequest.class).requireComplete();
        SendRequest request = body.toAvro(clock.instant());
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new NotReadyException("the gate's streams are " + streams.state() + ", not RUNNING: retry in a few seconds");
        }
        ContactKey key = explainer.contactKey(request);
        if (key == null) {
            throw new ProblemException(ProblemType.NOT_DECIDABLE, "businessId and contact do not make a canonical contact: the gate would"
                    + " refuse it as INVALID_REQUEST; send an E.164 number (or one the business's default region completes)");
        }
        KafkaStreams running = streams.streams();
        HeldPartition own = heldHere(running, key);
        ContactKey person = explainer.person(key, own.contacts());
        HeldPartition held = person.equals(key) ? own : heldHere(running, person);
        DecisionExplainer.Explanation explanation = explainer.explain(person, key, request, held.contacts(),
                running.store(StoreQueryParameters.fromNameAndType(GateTopology.BUSINESS_STATE_STORE, QueryableStoreTypes.keyValueStore())),
                store(running, GateTopology.REQUEST_IDS_STORE, QueryableStoreTypes.windowStore(), held.partition()));
        return ResponseEntity.ok(ExplanationView.of(key, held.partition(), explanation));
    }

    /** The partition a contact is decided on, and this instance's contact-state store of it. */
    private record HeldPartition(int partition, ReadOnlyKeyValueStore<String, ContactState> contacts) {
    }

    /**
     * The partition {@code key} is decided on, when this instance holds it; else a 421 naming the instance that does. A
     * request to a linked phone number is decided on its person's (the BSUID's) partition, so both are asked for.
     */
    private static HeldPartition heldHere(KafkaStreams running, ContactKey key) {
        KeyQueryMetadata where = KeyOwner.of(running, GateTopology.CONTACT_STATE_STORE, key.toString());
        try {
            return new HeldPartition(where.partition(),
                    store(running, GateTopology.CONTACT_STATE_STORE, QueryableStoreTypes.keyValueStore(), where.partition()));
        } catch (InvalidStateStoreException elsewhere) {
            throw new ProblemException(ProblemType.OTHER_INSTANCE, "this contact is decided on partition " + where.partition()
                    + ", held by instance " + where.activeHost().host() + ":" + where.activeHost().port() + ": ask that instance");
        }
    }

    private static <T> T store(KafkaStreams running, String name, QueryableStoreType<T> type, int partition) {
        return running.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
    }

    /** A SendRequest as JSON, in the contract's field names (payload left out: no rule reads it). */
    record ExplainRequest(String requestId, String businessId, String senderId, String contact, Instant requestedAt, MessageKind kind,
                          Template template, String consentTopic) {

        record Template(String name, String language, MessageCategory category) {
        }

        /** Itself, when every required field is there; else a 400 naming every missing one, not only the first. */
        ExplainRequest requireComplete() {
            List<FieldProblem> missing = new ArrayList<>();
            require(missing, "requestId", requestId);
            require(missing, "businessId", businessId);
            require(missing, "senderId", senderId);
            require(missing, "contact", contact);
            require(missing, "kind", kind);
            if (template != null) {
                require(missing, "template.name", template.name());
                require(missing, "template.language", template.language());
                require(missing, "template.category", template.category());
            }
            if (!missing.isEmpty()) {
                throw new InvalidRequestException("the body is not a complete SendRequest: " + missing.size() + " field(s) missing", missing);
            }
            return this;
        }

        private static void require(List<FieldProblem> missing, String field, Object value) {
            if (value == null || value instanceof String text && text.isBlank()) {
                missing.add(new FieldProblem(field, "is required"));
            }
        }

        /** @param now when the request was made if it does not say */
        SendRequest toAvro(Instant now) {
            return SendRequest.newBuilder()
                    .setRequestId(requestId)
                    .setBusinessId(businessId)
                    .setSenderId(senderId)
                    .setContact(contact)
                    .setRequestedAt(requestedAt != null ? requestedAt : now)
                    .setKind(kind)
                    .setTemplate(template == null ? null : new TemplateRef(template.name(), template.language(), template.category()))
                    .setConsentTopic(consentTopic)
                    .build();
        }
    }

    /**
     * @param contact         the contact asked about, canonical (E.164 or BSUID)
     * @param outcome         APPROVED or REJECTED
     * @param rule            the rejection reason, or the approval's basis
     * @param decidedCategory the category whose rules decided it: Meta's current category of the template, whatever the request claimed
     * @param billable        whether Meta would bill the approved message (ops watch spend by it); null for a rejection
     * @param freeBecause     why an approved message is free: CUSTOMER_SERVICE_WINDOW or FREE_ENTRY_POINT; null when billed or rejected
     * @param sender          the sending number's quality and status the rules read (what the quality policy looks at); null when unknown
     * @param template        the template's status and Meta's category the rules read; null when unknown or free-form
     * @param state           the contact's state the rule looked at (the contract's ContactState, as JSON); null when unknown
     * @param consent         the consent record the rule looked at (a ContactState scope, as JSON), if any
     */
    record ExplanationView(String contact, int partition, String outcome, String rule, String detail, String consentId,
                           Instant windowClosesAt, String pricingCategory, String limitUse, Instant retryAfter, String decidedCategory,
                           SenderView sender, TemplateView template, @JsonRawValue String state, @JsonRawValue String consent,
                           Boolean billable, String freeBecause) {

        static ExplanationView of(ContactKey key, int partition, DecisionExplainer.Explanation explanation) {
            String state = explanation.state() == null ? null : explanation.state().toString();
            String consent = explanation.consent() == null ? null : explanation.consent().toString();
            SenderView sender = SenderView.of(explanation.sender());
            TemplateView template = TemplateView.of(explanation.template());
            return switch (explanation.decision()) {
                case Decision.Approved approved -> new ExplanationView(key.contact(), partition, "APPROVED", approved.basis().name(),
                        approved.limitUse() == MessagingLimitUse.PENDING_QUOTA ? "the business quota (stage 2) decides next" : null,
                        approved.consentId(), approved.windowClosesAt(), approved.pricingCategory().name(), approved.limitUse().name(), null,
                        approved.pricingCategory().name(), sender, template, state, consent, approved.billable(),
                        approved.freeBecause() == null ? null : approved.freeBecause().name());
                case Decision.Rejected rejected -> new ExplanationView(key.contact(), partition, "REJECTED", rejected.reason().name(),
                        rejected.detail(), rejected.consentId(), null, null, null, rejected.retryAfter(),
                        rejected.decidedCategory() == null ? null : rejected.decidedCategory().name(), sender, template, state, consent,
                        null, null);
            };
        }
    }

    /**
     * A sending number as the gate knows it: quality GREEN/YELLOW/RED, status CONNECTED/FLAGGED/RESTRICTED, since when, and
     * Meta's latest refusal of it for a rate limit (131048, 130429), if any.
     */
    record SenderView(String quality, String status, Instant statusSince, Instant rateLimitedAt, Integer rateLimitCode) {

        static SenderView of(io.consentgate.domain.business.SenderState sender) {
            return sender == null ? null : new SenderView(sender.quality().name(), sender.status().name(), sender.statusSince(),
                    sender.rateLimitedAt(), sender.rateLimitedAt() == null ? null : sender.rateLimitCode());
        }
    }

    /** A template as the gate knows it: the status it decides on, Meta's category, a FLAGGED one's disable date, a pause's end. */
    record TemplateView(String status, String category, Instant since, Instant disableDate, Instant pausedUntil) {

        static TemplateView of(io.consentgate.domain.business.TemplateState template) {
            return template == null ? null : new TemplateView(template.status().name(),
                    template.category() == null ? null : template.category().name(), template.since(), template.disableDate(), template.pausedUntil());
        }
    }
}
