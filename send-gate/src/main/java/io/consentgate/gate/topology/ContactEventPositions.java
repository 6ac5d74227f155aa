package io.consentgate.gate.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * How far the fold got in each partition of the task of one topic it reads, in
 * {@value GateTopology#CONTACT_EVENTS_POSITIONS_STORE} ({@code contact-events}) or
 * {@value GateTopology#CONTACT_EVENTS_REROUTED_POSITIONS_STORE} (the rerouted contact events): the
 * offset of the last contact event it folded (or, for a misrouted one, passed on). Changelogged with the rest of the task's state, so under exactly-once it always matches
 * the contact states it describes, also after a restart.
 */
final class ContactEventPositions {

    /** Nothing was folded from the partition yet. */
    static final long NONE = -1;

    private final KeyValueStore<Integer, Long> store;

    ContactEventPositions(KeyValueStore<Integer, Long> store) {
        this.store = store;
    }

    long lastFolded(int partition) {
        Long offset = store.get(partition);
        return offset == null ? NONE : offset;
    }

    /** Never moves back: an offset below the position is one the fold was told it can skip (see {@link #skipTo}). */
    void folded(int partition, long offset) {
        if (offset > lastFolded(partition)) {
            store.put(partition, offset);
        }
    }

    /** Treats every offset up to {@code offset} as folded: nothing was there to fold (see FetchFence). */
    void skipTo(int partition, long offset) {
        folded(partition, offset);
    }
}
