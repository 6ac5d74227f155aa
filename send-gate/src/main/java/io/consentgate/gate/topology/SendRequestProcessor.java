package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.ToHomePartitions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Stage 1, send requests (keyed canonically by contact): parks each request until its
 * {@link FetchFence fetch fence} is reached, so that every contact event acknowledged before the
 * request is folded first; then decides it with the {@link RequestDecider} (the explain endpoint's
 * too) and records what the decision changes: its request id, so that a retry is a duplicate, and
 * an approved send of a capped category in the contact's facts, for the frequency caps, and an approved opt-out
 * confirmation, so that it is the only one.
 */
final class SendRequestProcessor implements Processor<String, SendRequest, String, GateDecision> {

    private final GateSettings settings;
    private final BusinessPolicies policies;
    private final ContactFactsFold fold;
    private final Clock clock;
    private final ContactEventsEndOffsets endOffsets;
    private final GateObserver observer;
    private ProcessorContext<String, GateDecision> context;
    private FetchFence fence;
    private ContactStates contactStates;
    private RequestIds requestIds;
    private RequestDecider decider;

    SendRequestProcessor(GateSettings settings, BusinessPolicies policies, ContactFactsFold fold, Clock clock,
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
        KeyValueStore<String, ContactState> contactStore = context.getStateStore(GateTopology.CONTACT_STATE_STORE);
        KeyValueStore<String, byte[]> businessStore = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        WindowStore<String, Long> requestIdStore = context.getStateStore(GateTopology.REQUEST_IDS_STORE);
        contactStates = new ContactStates(contactStore, settings.erasureHasher());
        requestIds = new RequestIds(requestIdStore, settings.duplicateRetention());
        decider = new RequestDecider(policies, contactStates, new BusinessStates(businessStore), requestIds);
        fence = new FetchFence(fencedSources(context), endOffsets,
                new PendingRequests(context.getStateStore(GateTopology.PENDING_REQUESTS_STORE)), observer);
        fence.start(context.currentSystemTimeMs());
        context.schedule(settings.fencePollInterval(), PunctuationType.WALL_CLOCK_TIME, now -> fence.release(now, this::decide));
    }

    /**
     * The task's partition of contact-events and of the rerouted contact events. The gate writes the rerouted topic in
     * transactions, so a marker follows each of its batches: its gaps are checked after a poll interval, not the
     * longer delay for contact-events, where a gap is rare.
     */
    private List<FetchFence.Source> fencedSources(ProcessorContext<String, GateDecision> context) {
        int partition = context.taskId().partition();
        String rerouted = ToHomePartitions.reroutedTopic(context.applicationId(), GateTopology.CONTACT_EVENTS_REROUTED);
        return List.of(
                new FetchFence.Source(new TopicPartition(Topics.CONTACT_EVENTS.name(), partition),
                        new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_POSITIONS_STORE)),
                        settings.fenceGapCheckAfter().toMillis()),
                new FetchFence.Source(new TopicPartition(rerouted, partition),
                        new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_REROUTED_POSITIONS_STORE)),
                        settings.fencePollInterval().toMillis()));
    }

    @Override
    public void process(Record<String, SendRequest> record) {
        fence.park(new PendingRequest(record.key(), record.timestamp(), record.value()), context.currentSystemTimeMs());
    }

    private void decide(PendingRequest pending) {
        ContactKey key = ContactKey.parse(pending.key());
        Instant now = clock.instant();
        RequestDecider.Decided decided = decider.decide(key, pending.request(), pending.timestamp(), now);
        record(key, pending, decided, now);
        context.forward(new Record<>(pending.key(), new GateDecision(pending.request(), decided.decision(), pending.timestamp()),
                pending.timestamp()));
    }

    /**
     * What a decision changes: the request id it takes (see {@link Decision#takesRequestId()}) and, for an approval, the
     * send in the contact's facts; only a send of a capped category changes them, so a reply costs no state write.
     */
    private void record(ContactKey key, PendingRequest pending, RequestDecider.Decided decided, Instant now) {
        Decision decision = decided.decision();
        if (!decision.takesRequestId()) {
            return;
        }
        SendRequest request = pending.request();
        requestIds.remember(key, request.getRequestId(), pending.timestamp(), now);
        if (decision instanceof Decision.Approved approved) {
            ContactFacts before = decided.facts();
            ContactFacts known = before != null ? before : ContactFacts.empty(request.getBusinessId(), ContactIdentity.ofCanonical(key.contact()));
            ContactFacts after = fold.recordSend(known, approved.pricingCategory(), now);
            if (request.getConfirmsOptOut() != null) {
                // The one confirmation of that opt-out is taken, in the same transaction as the decision: a second is refused.
                // Taken at approval: should the messaging limit then refuse it, it is not offered again (at most one).
                after = fold.recordConfirmation(after, request.getConfirmsOptOut(), request.getRequestId(), now);
            }
            if (after != known) {
                contactStates.save(key, before, after);
            }
        }
    }
}
