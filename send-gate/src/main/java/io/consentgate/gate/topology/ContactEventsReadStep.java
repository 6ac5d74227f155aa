package io.consentgate.gate.topology;

import io.consentgate.avro.ContactEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The first step of every {@code contact-events} record: notes its offset as read, in
 * {@value GateTopology#CONTACT_EVENTS_POSITIONS_STORE}, before it is folded here or, if it is misrouted,
 * rerouted to its home partition. Either way this partition has nothing more to fold for it, so a
 * request's fence on it is reached; the rerouted copy has a fence of its own (see {@link FetchFence}).
 */
final class ContactEventsReadStep implements FixedKeyProcessor<String, ContactEvent, ContactEvent> {

    private FixedKeyProcessorContext<String, ContactEvent> context;
    private ContactEventPositions positions;

    @Override
    public void init(FixedKeyProcessorContext<String, ContactEvent> context) {
        this.context = context;
        this.positions = new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_POSITIONS_STORE));
    }

    @Override
    public void process(FixedKeyRecord<String, ContactEvent> record) {
        context.recordMetadata().ifPresent(source -> positions.folded(source.partition(), source.offset()));
        context.forward(record);
    }
}
