package io.consentgate.gate.topology;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 1, contact events: folds each event into the contact's state with the core's fold, in the
 * same task as the contact's send requests. It sees only events on their key's home partition: those
 * read there from {@code contact-events} (whose offsets {@link ContactEventsReadStep} notes) and those
 * rerouted there, whose offsets in the rerouted topic it records itself (the {@link FetchFence} of a
 * parked request compares against both).
 */
final class ContactEventProcessor implements Processor<String, ContactEvent, Void, Void> {

    private final ContactFactsFold fold;
    private final ErasureHasher erasureHasher;
    private final GateObserver observer;
    private ContactStates states;
    private ContactEventPositions reroutedPositions;
    private ProcessorContext<Void, Void> context;

    ContactEventProcessor(ContactFactsFold fold, ErasureHasher erasureHasher, GateObserver observer) {
        this.fold = fold;
        this.erasureHasher = erasureHasher;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        KeyValueStore<String, ContactState> store = context.getStateStore(GateTopology.CONTACT_STATE_STORE);
        states = new ContactStates(store, erasureHasher);
        reroutedPositions = new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_REROUTED_POSITIONS_STORE));
        this.context = context;
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, ContactEvent> record) {
        context.recordMetadata()
                .filter(source -> !Topics.CONTACT_EVENTS.name().equals(source.topic()))
                .ifPresent(rerouted -> reroutedPositions.folded(rerouted.partition(), rerouted.offset()));
        ContactEvent event = record.value();
        if (event == null) {
            observer.skipped(Topics.CONTACT_EVENTS.name(), "a contact event without a value (a tombstone) says nothing");
            return;
        }
        try {
            ContactKey key = new ContactKey(event.getBusinessId(), event.getContact());
            ContactFacts before = states.load(key);
            ContactFacts after = fold.apply(before, event);
            if (after != before) {
                states.save(key, before, after);
            }
        } catch (IllegalArgumentException invalid) { // a contact that is not canonical, an unknown payload
            // The contact's own message quotes the number: a log is no place for it.
            String why = invalid instanceof InvalidContactException ? "its contact is not a phone number or BSUID" : invalid.getMessage();
            observer.skipped(Topics.CONTACT_EVENTS.name(), "event " + event.getEventId() + " cannot be folded: "
                    + why + "; its writer must publish a canonical businessId and contact");
        }
    }
}
