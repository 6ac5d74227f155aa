package io.consentgate.projector.topology;

import io.consentgate.support.streams.UnprocessableRecordException;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.domain.state.PersonMerge;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.ContactKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each contact event into the contact's state with the core's fold, keeps the consent
 * history, and forwards every state change to {@code consent-state}.
 *
 * <p>Erasure: an erased state lives under the keyed hash of the contact
 * ({@link ErasureHasher#erasedKey}) in the same task, because later events of the person still
 * arrive on the canonical key; the canonical key is deleted from the store and tombstoned on the
 * topic, and the contact's history and send decisions are deleted. A person who comes back (a new opt-in or message)
 * moves the state back to the canonical key, and the hashed key is tombstoned in turn.
 */
final class ContactEventProjector implements Processor<String, Object, String, Object> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ContactFactsFold fold;
    private final ErasureHasher erasureHasher;
    private final ConsentFacts consentFacts;
    private final ProjectorMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, ContactState> states;
    private KeyValueStore<String, ConsentFact> history;
    private DecisionLog decisions;

    ContactEventProjector(ContactFactsFold fold, ErasureHasher erasureHasher, ConsentFacts consentFacts, ProjectorMetrics metrics) {
        this.fold = fold;
        this.erasureHasher = erasureHasher;
        this.consentFacts = consentFacts;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.states = context.getStateStore(ProjectorTopology.STATE_STORE);
        this.history = context.getStateStore(ProjectorTopology.HISTORY_STORE);
        this.decisions = DecisionLog.of(context);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, Object> record) {
        if (record.value() instanceof ProjectorHop hop) {
            person(record, hop);
            return;
        }
        ContactEvent event = (ContactEvent) record.value();
        if (event == null) {
            return; // contact-events carries facts, never deletions
        }
        ContactKey key = canonicalKeyOf(record.key(), event);
        if (event.getPayload() instanceof IdentityLinked link) {
            link(record, key, link);
            return;
        }
        String linkedTo = linkedTo(key);
        if (linkedTo != null) {
            // One person, two identities (docs/identity.md): the number's events are the person's from the link on.
            ContactKey person = new ContactKey(key.businessId(), linkedTo);
            context.forward(record.withKey(person.toString())
                    .withValue(new ProjectorHop(ContactEvent.newBuilder(event).setContact(linkedTo).build(), null, null)));
            if (!(event.getPayload() instanceof ErasureRequested)) {
                return; // an erasure also erases what the number itself still holds
            }
        }
        project(record, key, event);
    }

    /** On the person's partition: an alias's event, projected as the person's; or an alias's facts at its link, merged once. */
    private void person(org.apache.kafka.streams.processor.api.Record<String, Object> record, ProjectorHop hop) {
        ContactKey person = ContactKey.parse(record.key());
        if (hop.event() != null) {
            if (!(hop.event().getPayload() instanceof IdentityLinked)) {
                project(record, person, hop.event());
            }
            return;
        }
        ContactState stored = states.get(person.toString());
        ContactFacts before = stored == null ? null : ContactFactsAvro.fromAvro(stored);
        ContactFacts known = before != null ? before : ContactFacts.empty(person.businessId(), ContactIdentity.ofCanonical(person.contact()));
        ContactFacts merged = PersonMerge.merge(known, hop.merge() == null ? null : ContactFactsAvro.fromAvro(hop.merge()));
        TreeSet<String> aliases = new TreeSet<>(stored == null ? List.of() : stored.getAliases());
        aliases.add(hop.alias());
        publish(record, person.toString(), merged, stored == null ? null : stored.getLinkedTo(), List.copyOf(aliases));
    }

    /**
     * Under the phone number: links it to the BSUID and, the first time, sends its facts on to be merged; under the
     * BSUID: lists the number as an alias. Both are shown by the contact's view.
     */
    private void link(org.apache.kafka.streams.processor.api.Record<String, Object> record, ContactKey key, IdentityLinked link) {
        ContactState stored = states.get(key.toString());
        ContactFacts facts = stored == null ? ContactFacts.empty(key.businessId(), ContactIdentity.ofCanonical(key.contact()))
                : ContactFactsAvro.fromAvro(stored);
        List<String> aliases = stored == null ? List.of() : stored.getAliases();
        if (key.contact().equals(link.getPhone())) {
            String before = stored == null ? null : stored.getLinkedTo();
            if (link.getBsuid().equals(before)) {
                return;
            }
            ContactKey person = new ContactKey(key.businessId(), link.getBsuid());
            context.forward(record.withKey(person.toString()).withValue(new ProjectorHop(null, link.getPhone(),
                    before == null && stored != null ? ContactFactsAvro.toAvro(facts) : null)));
            publish(record, key.toString(), facts, link.getBsuid(), aliases);
        } else if (key.contact().equals(link.getBsuid()) && !aliases.contains(link.getPhone())) {
            TreeSet<String> more = new TreeSet<>(aliases);
            more.add(link.getPhone());
            publish(record, key.toString(), facts, stored == null ? null : stored.getLinkedTo(), List.copyOf(more));
        }
    }

    private void publish(org.apache.kafka.streams.processor.api.Record<String, Object> record, String key, ContactFacts facts,
                         String linkedTo, List<String> aliases) {
        ContactState published = ContactFactsAvro.toAvro(facts);
        published.setLinkedTo(linkedTo);
        published.setAliases(aliases);
        states.put(key, published);
        context.forward(record.withKey(key).withValue(published));
    }

    private String linkedTo(ContactKey key) {
        ContactState stored = states.get(key.toString());
        return stored == null ? null : stored.getLinkedTo();
    }

    private void project(org.apache.kafka.streams.processor.api.Record<String, Object> record, ContactKey key, ContactEvent event) {
        String erasedKey = erasureHasher.erasedKey(key.businessId(), key.contact()).toString();
        KeyValue<String, ContactState> stored = load(key.toString(), erasedKey);
        ContactFacts before = stored == null ? null : ContactFactsAvro.fromAvro(stored.value);
        ContactFacts after = fold.apply(before, event);
        if (after.equals(before)) {
            return; // a duplicate or replay
        }
        String storeKey = after.isErased() ? erasedKey : key.toString();
        if (stored != null && !stored.key.equals(storeKey)) {
            states.delete(stored.key);
            context.forward(record.withKey(stored.key).withValue(null));
        }
        ContactState published = ContactFactsAvro.toAvro(after);
        if (stored != null) { // the contact's place among a person's identities stays
            published.setLinkedTo(stored.value.getLinkedTo());
            published.setAliases(stored.value.getAliases());
        }
        states.put(storeKey, published);
        context.forward(record.withKey(storeKey).withValue(published));

        Optional<ConsentFact> fact = consentFacts.of(event);
        keepHistory(key, event, after, fact);
        if (after.isErased()) {
            decisions.deleteAll(key);
        }
        metrics.applied(event, fact);
        if (event.getPayload() instanceof ErasureRequested && (before == null || !before.isErased())) {
            metrics.erased();
        }
    }

    /** The history holds no trace of an erased contact, and facts from before an erasure never come back into it. */
    private void keepHistory(ContactKey key, ContactEvent event, ContactFacts after, Optional<ConsentFact> fact) {
        if (after.isErased()) {
            deleteHistory(key);
            return;
        }
        boolean fromBeforeErasure = after.erasedAt() != null && !event.getOccurredAt().isAfter(after.erasedAt());
        if (!fromBeforeErasure) {
            fact.ifPresent(entry -> history.put(HistoryKeys.of(key, event.getOccurredAt(), event.getEventId()), entry));
        }
    }

    private void deleteHistory(ContactKey key) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, ConsentFact> entries = history.prefixScan(HistoryKeys.prefix(key), KEYS)) {
            entries.forEachRemaining(entry -> keys.add(entry.key));
        }
        keys.forEach(history::delete);
    }

    private KeyValue<String, ContactState> load(String canonicalKey, String erasedKey) {
        ContactState current = states.get(canonicalKey);
        if (current != null) {
            return KeyValue.pair(canonicalKey, current);
        }
        ContactState erased = states.get(erasedKey);
        return erased == null ? null : KeyValue.pair(erasedKey, erased);
    }

    /**
     * The record key must be the event's own canonical {@code businessId|contact}: otherwise the
     * record sits on the wrong partition, and its state would be where no query looks for it.
     */
    private static ContactKey canonicalKeyOf(String recordKey, ContactEvent event) {
        ContactKey key;
        try {
            key = ContactIdentity.ofCanonical(event.getContact()).keyAt(event.getBusinessId());
        } catch (IllegalArgumentException e) { // InvalidContactException, or a blank or malformed businessId
            throw new UnprocessableRecordException("event " + event.getEventId() + " cannot be applied: " + e.getMessage(), e);
        }
        if (!key.contact().equals(event.getContact()) || !key.toString().equals(recordKey)) {
            // Neither key nor contact is quoted: both hold the contact (a phone number), and this goes to logs and dead letters.
            throw new UnprocessableRecordException("event " + event.getEventId() + " is not keyed by its canonical businessId|contact"
                    + " or its contact is not canonical: the publisher must normalise the contact (consent-events' publisher library does)");
        }
        return key;
    }
}
