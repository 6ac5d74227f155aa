package io.consentgate.gate.topology;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactState;
import io.consentgate.domain.state.ContactStateFold;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 1, send requests (keyed canonically by contact): parks each request until its
 * {@link FetchFence fetch fence} is reached, so that every contact event acknowledged before the
 * request is folded first; then refuses a request id seen within the retention, decides the rest
 * with the core's policy against the contact's state, the sender and template states and the
 * business's policy, and records an approved send in the contact's state (for the frequency caps).
 */
final class SendRequestProcessor implements Processor<String, SendRequest, String, GateDecision> {

    private final GateSettings settings;
    private final BusinessPolicies policies;
    private final ContactStateFold fold;
    private final Clock clock;
    private final ContactEventsEndOffsets endOffsets;
    private final GateObserver observer;
    private ProcessorContext<String, GateDecision> context;
    private FetchFence fence;
    private ContactStates contactStates;
    private BusinessStates businessStates;
    private RequestIds requestIds;

    SendRequestProcessor(GateSettings settings, BusinessPolicies policies, ContactStateFold fold, Clock clock,
                         ContactEventsEndOffsets endOffsets, GateObserver observer) {
        this.settings = settings;
        this.policies = policies;
        this.fold = fold;
        this.clock = clock;
        this.endOffsets = endOffsets;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, GateDecision> context) {
        this.context = context;
        KeyValueStore<String, io.consentgate.avro.ContactState> contactStore = context.getStateStore(GateTopology.CONTACT_STATE_STORE);
        KeyValueStore<String, byte[]> businessStore = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        WindowStore<String, Long> requestIdStore = context.getStateStore(GateTopology.REQUEST_IDS_STORE);
        contactStates = new ContactStates(contactStore, settings.erasureHasher());
        businessStates = new BusinessStates(businessStore);
        requestIds = new RequestIds(requestIdStore, settings.duplicateRetention());
        fence = new FetchFence(context.taskId().partition(), endOffsets,
                new PendingRequests(context.getStateStore(GateTopology.PENDING_REQUESTS_STORE)),
                new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_POSITIONS_STORE)),
                settings.fenceGapCheckAfter().toMillis(), observer);
        fence.start(context.currentSystemTimeMs());
        context.schedule(settings.fencePollInterval(), PunctuationType.WALL_CLOCK_TIME, now -> fence.release(now, this::decide));
    }

    @Override
    public void process(Record<String, SendRequest> record) {
        fence.park(new PendingRequest(record.key(), record.timestamp(), record.value()), context.currentSystemTimeMs());
    }

    private void decide(PendingRequest pending) {
        SendRequest request = pending.request();
        Decision decision = duplicateOrDecide(ContactKey.parse(pending.key()), request, pending.timestamp(), clock.instant());
        context.forward(new Record<>(pending.key(), new GateDecision(request, decision, pending.timestamp()),
                pending.timestamp()));
    }

    private Decision duplicateOrDecide(ContactKey key, SendRequest request, long requestTimestamp, Instant now) {
        String requestId = request.getRequestId();
        Instant decidedBefore = requestId == null ? null : requestIds.decidedAt(key, requestId, requestTimestamp);
        if (decidedBefore != null) {
            return new Decision.Rejected(RejectionReason.DUPLICATE_REQUEST, "request " + requestId + " for this contact was decided at "
                    + decidedBefore + ": a retried request never produces a second send; use a new id for a new message", null, null, now);
        }
        ContactState state = contactStates.load(key);
        BusinessPolicy policy = policies.of(request.getBusinessId());
        Decision decision = SendPolicy.decide(request, state, businessStates.sender(request.getBusinessId(), request.getSenderId()),
                policy, template(request, businessStates), now);
        if (decision instanceof Decision.Rejected rejected && rejected.reason() == RejectionReason.INVALID_REQUEST) {
            return decision; // not a request yet: once fixed, it may be sent again with the same id
        }
        requestIds.remember(key, requestId, requestTimestamp, now);
        if (decision instanceof Decision.Approved approved && isCapped(approved.pricingCategory(), policy)) {
            ContactState current = state != null ? state
                    : ContactState.empty(request.getBusinessId(), ContactIdentity.ofCanonical(key.contact()));
            contactStates.save(key, state, fold.recordSend(current, requestId, approved.pricingCategory(), now));
        }
        return decision;
    }

    /** Only sends of a capped category change what later decisions read; the request id is in its own store. */
    private static boolean isCapped(MessageCategory category, BusinessPolicy policy) {
        return policy.frequencyCaps().stream().anyMatch(cap -> cap.category() == category);
    }

    static TemplateState template(SendRequest request, BusinessStates businessStates) {
        TemplateRef template = request.getTemplate();
        return template == null || template.getName() == null || template.getLanguage() == null ? null
                : businessStates.template(request.getBusinessId(), template.getName(), template.getLanguage());
    }
}
