package io.consentgate.gate.topology;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A request passing the fence of one identity of its person (docs/identity.md), on that identity's partition: parked
 * in {@value GateTopology#PENDING_VISITS_STORE} until every contact event of the partition acknowledged before it
 * arrived here is folded (the same {@link FetchFence} as a request's own), so that whatever those events forwarded
 * to the person ({@link PersonHop}) was written before the request is. It then goes on, keyed by the person, on the
 * same topic, {@value GateTopology#TO_PERSON}: it reaches the person behind those events.
 */
final class IdentityFenceProcessor implements Processor<String, PersonHop, String, PersonHop> {

    /** Separates the person's key from the request's in a parked entry's key (a contact key never holds it). */
    private static final String SEPARATOR = "\n";

    private final GateSettings settings;
    private final ContactEventsEndOffsets endOffsets;
    private final GateObserver observer;
    private ProcessorContext<String, PersonHop> context;
    private FetchFence fence;

    IdentityFenceProcessor(GateSettings settings, ContactEventsEndOffsets endOffsets, GateObserver observer) {
        this.settings = settings;
        this.endOffsets = endOffsets;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, PersonHop> context) {
        this.context = context;
        fence = new FetchFence(SendRequestProcessor.fencedSources(context, settings), endOffsets,
                new PendingRequests(context.getStateStore(GateTopology.PENDING_VISITS_STORE)), observer);
        fence.start(context.currentSystemTimeMs());
        context.schedule(settings.fencePollInterval(), PunctuationType.WALL_CLOCK_TIME, now -> fence.release(now, this::passed));
    }

    @Override
    public void process(Record<String, PersonHop> record) {
        PersonHop hop = record.value();
        if (hop == null || !hop.isRequest()) {
            return;
        }
        PendingRequest request = hop.request();
        fence.park(new PendingRequest(hop.person() + SEPARATOR + request.key(), request.timestamp(), request.request()),
                context.currentSystemTimeMs());
    }

    private void passed(PendingRequest parked) {
        int split = parked.key().indexOf(SEPARATOR);
        String person = parked.key().substring(0, split);
        PendingRequest request = new PendingRequest(parked.key().substring(split + SEPARATOR.length()), parked.timestamp(), parked.request());
        context.forward(new Record<>(person, PersonHop.request(request, person), parked.timestamp()));
    }
}
