package io.consentgate.gate.app;

import com.fasterxml.jackson.annotation.JsonRawValue;
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
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /v1/decisions/explain}: what the gate would decide for a request now, and why, without
 * deciding it (read-only, behind the API key). Answered by the instance that holds the contact's
 * partition; any other answers 421 naming it, as advertised in {@code application.server}, which is
 * also what lets Kafka Streams say which partition a key is on.
 */
@RestController
class ExplainController {

    private final GateStreams streams;
    private final DecisionExplainer explainer;
    private final ExplainRequestReader reader;

    ExplainController(GateStreams streams, DecisionExplainer explainer, JsonMapper json) {
        this.streams = streams;
        this.explainer = explainer;
        this.reader = new ExplainRequestReader(json);
    }

    /** The body is read here, bounded and strictly, rather than bound by Spring: see {@link ExplainRequestReader}. */
    @PostMapping(path = "/v1/decisions/explain", consumes = "application/json", produces = "application/json")
    ResponseEntity<?> explain(HttpServletRequest http) throws IOException {
        ExplainRequest body;
        try {
            body = reader.read(http.getInputStream(), http.getContentLengthLong());
        } catch (ExplainRequestReader.Refused refused) {
            return problem(HttpStatus.valueOf(refused.status()), refused.getMessage());
        }
        SendRequest request = body.toAvro();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the gate's streams are " + streams.state() + ", not RUNNING: retry in a few seconds");
        }
        ContactKey key = explainer.contactKey(request);
        if (key == null) {
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "businessId and contact do not make a canonical contact: the gate would refuse it"
                    + " as INVALID_REQUEST; send an E.164 number (or one the business's default region completes)");
        }
        KafkaStreams running = streams.streams();
        KeyQueryMetadata where = running.queryMetadataForKey(GateTopology.CONTACT_STATE_STORE, key.toString(), new StringSerializer());
        if (where.partition() < 0) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the gate does not know yet which instance holds contact " + key
                    + " (a rebalance, or application.server is not set): retry in a few seconds");
        }
        try {
            DecisionExplainer.Explanation explanation = explainer.explain(key, request,
                    store(running, GateTopology.CONTACT_STATE_STORE, QueryableStoreTypes.keyValueStore(), where.partition()),
                    running.store(StoreQueryParameters.fromNameAndType(GateTopology.BUSINESS_STATE_STORE, QueryableStoreTypes.keyValueStore())),
                    store(running, GateTopology.REQUEST_IDS_STORE, QueryableStoreTypes.windowStore(), where.partition()));
            return ResponseEntity.ok(ExplanationView.of(key, where.partition(), explanation));
        } catch (InvalidStateStoreException elsewhere) {
            return problem(HttpStatus.MISDIRECTED_REQUEST, "contact " + key + " is decided on partition " + where.partition()
                    + ", held by instance " + where.activeHost() + ": ask that instance");
        }
    }

    private static <T> T store(KafkaStreams running, String name, QueryableStoreType<T> type, int partition) {
        return running.store(StoreQueryParameters.fromNameAndType(name, type).withPartition(partition));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }

    /** A SendRequest as JSON, in the contract's field names (payload left out: no rule reads it). */
    record ExplainRequest(String requestId, String businessId, String senderId, String contact, Instant requestedAt, MessageKind kind,
                          Template template, String consentTopic) {

        record Template(String name, String language, MessageCategory category) {
        }

        SendRequest toAvro() {
            return SendRequest.newBuilder()
                    .setRequestId(requestId)
                    .setBusinessId(businessId)
                    .setSenderId(senderId)
                    .setContact(contact)
                    .setRequestedAt(requestedAt != null ? requestedAt : Instant.now())
                    .setKind(kind)
                    .setTemplate(template == null ? null : new TemplateRef(template.name(), template.language(), template.category()))
                    .setConsentTopic(consentTopic)
                    .build();
        }
    }

    /**
     * @param outcome   APPROVED or REJECTED
     * @param rule      the rejection reason, or the approval's basis
     * @param state     the contact's state the rule looked at (the contract's ContactState, as JSON); null when unknown
     * @param consent   the consent record the rule looked at (a ContactState scope, as JSON), if any
     */
    record ExplanationView(String contact, int partition, String outcome, String rule, String detail, String consentId,
                           Instant windowClosesAt, String pricingCategory, String limitUse, Instant retryAfter,
                           @JsonRawValue String state, @JsonRawValue String consent) {

        static ExplanationView of(ContactKey key, int partition, DecisionExplainer.Explanation explanation) {
            String state = explanation.state() == null ? null : explanation.state().toString();
            String consent = explanation.consent() == null ? null : explanation.consent().toString();
            return switch (explanation.decision()) {
                case Decision.Approved approved -> new ExplanationView(key.toString(), partition, "APPROVED", approved.basis().name(),
                        approved.limitUse() == MessagingLimitUse.PENDING_QUOTA ? "the business quota (stage 2) decides next" : null,
                        approved.consentId(), approved.windowClosesAt(), approved.pricingCategory().name(), approved.limitUse().name(), null, state, consent);
                case Decision.Rejected rejected -> new ExplanationView(key.toString(), partition, "REJECTED", rejected.reason().name(),
                        rejected.detail(), rejected.consentId(), null, null, null, rejected.retryAfter(), state, consent);
            };
        }
    }
}
