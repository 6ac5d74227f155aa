package io.consentgate.projector.topology;

import io.consentgate.support.streams.UnprocessableRecordException;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.ContactKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
final class ContactEventProjector implements Processor<String, ContactEvent, String, ContactState> {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ContactFactsFold fold;
    private final ErasureHasher erasureHasher;
    private final ConsentFacts consentFacts;
    private final ProjectorMetrics metrics;
    private ProcessorContext<String, ContactState> context;
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
    public void init(ProcessorContext<String, ContactState> context) {
        this.context = context;
        this.states = context.getStateStore(ProjectorTopology.STATE_STORE);
        this.history = context.getStateStore(ProjectorTopology.HISTORY_STORE);
        this.decisions = DecisionLog.of(context);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, ContactEvent> record) {
        ContactEvent event = record.value();
        if (event == null) {
            return; // contact-events carries facts, never deletions
        }
        ContactKey key = canonicalKeyOf(record.key(), event);
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
