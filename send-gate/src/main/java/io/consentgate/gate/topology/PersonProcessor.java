package io.consentgate.gate.topology;

import io.consentgate.avro.IdentityLinked;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.PersonMerge;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * On the person's (the BSUID's) partition, what its other identities sent on ({@link PersonHop}, topic
 * {@value GateTopology#TO_PERSON}), in the order it was written: a linked phone number's facts, merged once
 * ({@link PersonMerge}) with the number listed as an alias; the number's later events, folded as the person's; and
 * requests that passed their fences (docs/identity.md), decided as the person's.
 *
 * <p>A request to a phone number reaches here having passed the number's fence and the person's; it is decided
 * unless the person has another phone number too, whose fence it did not pass: then it is refused (fail closed),
 * naming the BSUID to address instead. A request to the BSUID is decided once it passed every number's fence.
 */
final class PersonProcessor implements Processor<String, PersonHop, String, GateDecision> {

    private final GateSettings settings;
    private final BusinessPolicies policies;
    private final ContactFactsFold fold;
    private final Clock clock;
    private final GateObserver observer;
    private final ErasedContactKeys.PerTask contactStatesPerTask;
    private ProcessorContext<String, GateDecision> context;
    private ContactStates states;
    private PersonDecisions decisions;
    private IdentityVisits visits;

    PersonProcessor(GateSettings settings, BusinessPolicies policies, ContactFactsFold fold, Clock clock, GateObserver observer,
                    ErasedContactKeys.PerTask contactStatesPerTask) {
        this.settings = settings;
        this.policies = policies;
        this.fold = fold;
        this.clock = clock;
        this.observer = observer;
        this.contactStatesPerTask = contactStatesPerTask;
    }

    @Override
    public void init(ProcessorContext<String, GateDecision> context) {
        this.context = context;
        KeyValueStore<String, byte[]> businessStore = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        WindowStore<String, Long> requestIdStore = context.getStateStore(GateTopology.REQUEST_IDS_STORE);
        states = contactStatesPerTask.contactStates(context);
        RequestIds requestIds = new RequestIds(requestIdStore, settings.duplicateRetention());
        decisions = new PersonDecisions(fold, clock, states, requestIds, new RequestDecider(policies, states, new BusinessStates(businessStore), requestIds));
        visits = new IdentityVisits(context.getStateStore(GateTopology.IDENTITY_VISITS_STORE));
    }

    @Override
    public void close() {
        states.processorClosed();
    }

    @Override
    public void process(Record<String, PersonHop> record) {
        PersonHop hop = record.value();
        if (hop == null || record.key() == null) {
            return;
        }
        try {
            ContactKey person = ContactKey.parse(record.key());
            if (hop.isRequest()) {
                request(person, hop.request());
            } else if (hop.isEvent()) {
                if (!(hop.event().getPayload() instanceof IdentityLinked)) {
                    ContactEventProcessor.fold(states, fold, person, hop.event());
                }
            } else {
                merge(person, hop);
            }
        } catch (IllegalArgumentException invalid) {
            observer.skipped(Topics.CONTACT_EVENTS.name(), "a fact sent on to a person cannot be used: " + invalid.getMessage());
        }
    }

    private void merge(ContactKey person, PersonHop hop) {
        ContactFacts before = states.load(person);
        ContactFacts known = before != null ? before : ContactFacts.empty(person.businessId(), ContactIdentity.ofCanonical(person.contact()));
        ContactFacts alias = hop.merge() == null ? null : ContactFactsAvro.fromAvro(hop.merge());
        states.saveMerged(person, before, PersonMerge.merge(known, alias), states.identity(person).withAlias(hop.alias()));
    }

    private void request(ContactKey person, PendingRequest pending) {
        if (pending.key().equals(person.toString()) && !visits.passed(pending)) {
            return;
        }
        forward(person, pending, decisions.decide(person, pending));
    }

    /** The business quota counts the person once, whichever identity the request named ({@link BusinessQuotaProcessor#PERSON_HEADER}). */
    private void forward(ContactKey person, PendingRequest pending, GateDecision decision) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(BusinessQuotaProcessor.PERSON_HEADER, person.contact().getBytes(StandardCharsets.UTF_8));
        context.forward(new Record<>(pending.key(), decision, pending.timestamp(), headers));
    }
}
