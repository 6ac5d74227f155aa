package io.consentgate.projector.topology;

import io.consentgate.schemas.ContactKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The contacts' send decisions in one task: the log by contact and its index by time, kept in step.
 * The index exists so that the retention purge reads only what it deletes instead of every
 * decision of the task.
 */
final class DecisionLog {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, SendDecision> byContact;
    /** time key → the decision's key in {@link #byContact}. */
    private final KeyValueStore<String, String> byTime;

    private DecisionLog(KeyValueStore<String, SendDecision> byContact, KeyValueStore<String, String> byTime) {
        this.byContact = byContact;
        this.byTime = byTime;
    }

    static DecisionLog of(ProcessorContext<?, ?> context) {
        return new DecisionLog(context.getStateStore(ProjectorTopology.DECISIONS_STORE),
                context.getStateStore(ProjectorTopology.DECISIONS_BY_TIME_STORE));
    }

    /** Keeps the decision; the same decision read again overwrites its own entry. */
    void record(ContactKey contact, SendDecision decision) {
        String key = DecisionKeys.of(contact, decision.decidedAt(), decision.requestId());
        byContact.put(key, decision);
        byTime.put(DecisionKeys.byTime(contact, decision.decidedAt(), decision.requestId()), key);
    }

    void deleteAll(ContactKey contact) {
        List<KeyValue<String, SendDecision>> held = new ArrayList<>();
        try (KeyValueIterator<String, SendDecision> entries = byContact.prefixScan(DecisionKeys.prefix(contact), KEYS)) {
            entries.forEachRemaining(held::add);
        }
        for (KeyValue<String, SendDecision> entry : held) {
            byTime.delete(DecisionKeys.byTime(contact, entry.value.decidedAt(), entry.value.requestId()));
            byContact.delete(entry.key);
        }
    }

    /** Deletes every decision made before {@code cutoff}; returns how many. */
    int deleteDecidedBefore(Instant cutoff) {
        List<KeyValue<String, String>> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = byTime.range(null, DecisionKeys.byTimeBefore(cutoff))) {
            entries.forEachRemaining(expired::add);
        }
        for (KeyValue<String, String> entry : expired) {
            byContact.delete(entry.value);
            byTime.delete(entry.key);
        }
        return expired.size();
    }
}
