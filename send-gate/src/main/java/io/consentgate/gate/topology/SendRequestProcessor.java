package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.schemas.ContactKey;
import java.time.Clock;
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
 * confirmation, so that it is the only one (both in {@link PersonDecisions}).
 *
 * <p>A contact that is one identity of a person with others (docs/identity.md) is not decided here: a request to a
 * phone number linked to a BSUID goes on ({@link PersonHop}, topic {@value GateTopology#IDENTITY_VISITS}) to pass the
 * BSUID's fence and be decided as the person's; a request to a BSUID with linked phone numbers first passes each
 * phone number's fence ({@link IdentityVisits}). The output is a {@link GateDecision} keyed by the request's key,
 * or a {@link PersonHop} keyed by the identity whose fence comes next.
 */
final class SendRequestProcessor implements Processor<String, SendRequest, String, Object> {

    private final GateSettings settings;
    private final BusinessPolicies policies;
    private final ContactFactsFold fold;
    private final Clock clock;
    private final ContactEventsEndOffsets endOffsets;
    private final GateObserver observer;
    private final ErasedContactKeys.PerTask contactStatesPerTask;
    private ProcessorContext<String, Object> context;
    private FetchFence fence;
    private ContactStates contactStates;
    private PersonDecisions decisions;
    private IdentityVisits visits;

    SendRequestProcessor(GateSettings settings, BusinessPolicies policies, ContactFactsFold fold, Clock clock,
                         ContactEventsEndOffsets endOffsets, GateObserver observer, ErasedContactKeys.PerTask contactStatesPerTask) {
        this.settings = settings;
        this.policies = policies;
        this.fold = fold;
        this.clock = clock;
        this.endOffsets = endOffsets;
        this.observer = observer;
        this.contactStatesPerTask = contactStatesPerTask;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        KeyValueStore<String, byte[]> businessStore = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        WindowStore<String, Long> requestIdStore = context.getStateStore(GateTopology.REQUEST_IDS_STORE);
        contactStates = contactStatesPerTask.contactStates(context);
        RequestIds requestIds = new RequestIds(requestIdStore, settings.duplicateRetention());
        decisions = new PersonDecisions(fold, clock, contactStates, requestIds,
                new RequestDecider(policies, contactStates, new BusinessStates(businessStore), requestIds));
        visits = new IdentityVisits(context.getStateStore(GateTopology.IDENTITY_VISITS_STORE));
        fence = new FetchFence(fencedSources(context, settings), endOffsets,
                new PendingRequests(context.getStateStore(GateTopology.PENDING_REQUESTS_STORE)), observer);
        fence.start(context.currentSystemTimeMs());
        context.schedule(settings.fencePollInterval(), PunctuationType.WALL_CLOCK_TIME, now -> fence.release(now, this::decide));
    }

    /**
     * The task's partition of contact-events and of the rerouted contact events. The gate writes the rerouted topic in
     * transactions, so a marker follows each of its batches: its gaps are checked after a poll interval, not the
     * longer delay for contact-events, where a gap is rare.
     */
    static List<FetchFence.Source> fencedSources(ProcessorContext<?, ?> context, GateSettings settings) {
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
    public void close() {
        contactStates.processorClosed();
    }

    @Override
    public void process(Record<String, SendRequest> record) {
        fence.park(new PendingRequest(record.key(), record.timestamp(), record.value()), context.currentSystemTimeMs());
    }

    /** The contact's state is read once for identity and decision (ContactStates.readingOnce); forwards reach only sinks. */
    private void decide(PendingRequest pending) {
        contactStates.readingOnce(() -> decideOnce(pending));
    }

    private void decideOnce(PendingRequest pending) {
        ContactKey key = ContactKey.parse(pending.key());
        Identity identity = contactStates.identity(key);
        if (identity.linkedTo() != null) {
            String person = identity.person(key).toString();
            context.forward(new Record<>(person, PersonHop.request(pending, person), pending.timestamp()));
            return;
        }
        if (!identity.aliases().isEmpty()) {
            visits.start(pending, identity.aliases().size());
            for (String alias : identity.aliases()) {
                context.forward(new Record<>(new ContactKey(key.businessId(), alias).toString(), PersonHop.request(pending, key.toString()),
                        pending.timestamp()));
            }
            return;
        }
        context.forward(new Record<>(pending.key(), decisions.decide(key, pending), pending.timestamp()));
    }
}
