package io.consentgate.gate.topology;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1, contact events: folds each event into the contact's state with the core's fold, in the
 * same task as the contact's send requests. It sees only events on their key's home partition: those
 * read there from {@code contact-events} (whose offsets {@link ContactEventsReadStep} notes) and those
 * rerouted there, whose offsets in the rerouted topic it records itself (the {@link FetchFence} of a
 * parked request compares against both).
 *
 * <p>One person, two identities (docs/identity.md): an {@link IdentityLinked} event under a phone number links it to
 * the BSUID, and the facts the number had are sent on to the BSUID to be merged ({@link PersonHop}); from then on
 * every event under the number is sent on to the BSUID, in the order read, instead of being folded here. The same
 * event under the BSUID lists the number among the BSUID's aliases, so that a request to the BSUID waits for the
 * number's events too.
 */
final class ContactEventProcessor implements Processor<String, ContactEvent, String, PersonHop> {

    private final ContactFactsFold fold;
    private final GateObserver observer;
    private final ErasedContactKeys.PerTask contactStatesPerTask;
    private ContactStates states;
    private ContactEventPositions reroutedPositions;
    private ProcessorContext<String, PersonHop> context;

    ContactEventProcessor(ContactFactsFold fold, GateObserver observer, ErasedContactKeys.PerTask contactStatesPerTask) {
        this.fold = fold;
        this.observer = observer;
        this.contactStatesPerTask = contactStatesPerTask;
    }

    @Override
    public void init(ProcessorContext<String, PersonHop> context) {
        states = contactStatesPerTask.contactStates(context);
        reroutedPositions = new ContactEventPositions(context.getStateStore(GateTopology.CONTACT_EVENTS_REROUTED_POSITIONS_STORE));
        this.context = context;
    }

    @Override
    public void close() {
        states.processorClosed();
    }

    @Override
    public void process(Record<String, ContactEvent> record) {
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
            if (event.getPayload() instanceof IdentityLinked link) {
                link(key, event, link, record);
                return;
            }
            states.readingOnce(() -> foldOrSendOn(key, event, record));
        } catch (IllegalArgumentException invalid) { // a contact that is not canonical, an unknown payload
            // The contact's own message quotes the number: a log is no place for it.
            String why = invalid instanceof InvalidContactException ? "its contact is not a phone number or BSUID" : invalid.getMessage();
            observer.skipped(Topics.CONTACT_EVENTS.name(), "event " + event.getEventId() + " cannot be folded: "
                    + why + "; its writer must publish a canonical businessId and contact");
        }
    }

    /** Identity and fold read the contact's state once (ContactStates.readingOnce); a forward reaches only a sink. */
    private void foldOrSendOn(ContactKey key, ContactEvent event, Record<String, ContactEvent> record) {
        Identity identity = states.identity(key);
        if (identity.linkedTo() != null) {
            ContactKey person = identity.person(key);
            ContactEvent asPerson = ContactEvent.newBuilder(event).setContact(person.contact()).build();
            context.forward(record.withKey(person.toString()).withValue(PersonHop.event(asPerson)));
            if (!(event.getPayload() instanceof ErasureRequested)) {
                return; // an erasure also erases what the number itself still holds
            }
        }
        fold(states, fold, key, event);
    }

    static void fold(ContactStates states, ContactFactsFold fold, ContactKey key, ContactEvent event) {
        ContactFacts before = states.load(key);
        ContactFacts after = fold.apply(before, event);
        if (after != before) {
            states.save(key, before, after);
        }
    }

    /**
     * Under the phone number: links it to the BSUID and, the first time, sends the number's facts on to be merged (a
     * number linked again, to another BSUID, is a number that changed hands: its old facts stay with the first person).
     * Under the BSUID: lists the number as an alias. Anything else names neither identity as its contact.
     */
    private void link(ContactKey key, ContactEvent event, IdentityLinked link, Record<String, ContactEvent> record) {
        if (!(ContactIdentity.ofCanonical(link.getPhone()) instanceof Contact.PhoneNumber)
                || !(ContactIdentity.ofCanonical(link.getBsuid()) instanceof Contact.Bsuid)) {
            throw new IllegalArgumentException("its link names no phone number and BSUID in canonical form");
        }
        Identity identity = states.identity(key);
        if (key.contact().equals(link.getPhone())) {
            if (link.getBsuid().equals(identity.linkedTo())) {
                return; // a repeat
            }
            ContactKey person = new ContactKey(key.businessId(), link.getBsuid());
            ContactFacts facts = identity.linkedTo() == null ? states.load(key) : null;
            context.forward(record.withKey(person.toString())
                    .withValue(PersonHop.merge(link.getPhone(), facts == null ? null : ContactFactsAvro.toAvro(facts))));
            states.saveIdentity(key, event.getBusinessId(), identity.linkedTo(link.getBsuid()));
        } else if (key.contact().equals(link.getBsuid())) {
            if (!identity.aliases().contains(link.getPhone())) {
                states.saveIdentity(key, event.getBusinessId(), identity.withAlias(link.getPhone()));
            }
        } else {
            throw new IllegalArgumentException("its link names neither its contact's phone number nor its BSUID");
        }
    }
}
