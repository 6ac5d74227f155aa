package io.consentgate.gate.topology;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's requests waiting for their fence, in arrival order: in the changelogged store
 * {@value GateTopology#PENDING_REQUESTS_STORE} (so exactly-once covers a parked request like any
 * other state), and here with what is only known in this run: when each was parked, its ticket
 * and, once read, its fence, one of each per partition the fold reads (see {@link FetchFence}).
 */
final class PendingRequests {

    private final KeyValueStore<Long, PendingRequest> store;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private long nextSequence;

    PendingRequests(KeyValueStore<Long, PendingRequest> store) {
        this.store = store;
    }

    /**
     * Waits again for the requests parked before a restart or a rebalance: the fences they had were
     * read by another run, so each gets a new ticket (a later fence is only stricter).
     */
    void reload(Supplier<long[]> tickets, long now) {
        queue.clear();
        nextSequence = 0;
        try (KeyValueIterator<Long, PendingRequest> parked = store.all()) {
            while (parked.hasNext()) {
                KeyValue<Long, PendingRequest> each = parked.next();
                queue.add(new Waiting(each.key, each.value, now, tickets.get()));
                nextSequence = each.key + 1;
            }
        }
    }

    void park(PendingRequest request, long[] tickets, long now) {
        long sequence = nextSequence++;
        store.put(sequence, request);
        queue.add(new Waiting(sequence, request, now, tickets));
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Gives the read of the source's partition as fence to every request still without one that it qualifies for (the ticket rule). */
    void fence(int source, ContactEventsEndOffsets.Read read) {
        for (Waiting waiting : queue) {
            if (waiting.fences[source] == FetchFence.UNKNOWN && read.qualifiesFor(waiting.tickets[source])) {
                waiting.fences[source] = read.lastStableOffset();
            }
        }
    }

    /** The oldest waiting request, or null. */
    Waiting head() {
        return queue.peek();
    }

    /** A put of null, not a delete: a delete reads and decodes the old value to return it (3.7% of the stream threads at saturation, issue 17). */
    PendingRequest removeHead() {
        Waiting head = queue.remove();
        store.put(head.sequence, null);
        return head.request;
    }

    static final class Waiting {
        private final long sequence;
        private final PendingRequest request;
        private final long parkedAt;
        private final long[] tickets;
        private final long[] fences;

        /** Keeps {@code tickets} as given: both callers hand over a fresh array (FetchFence.tickets()) they never touch again. */
        private Waiting(long sequence, PendingRequest request, long parkedAt, long[] tickets) {
            this.sequence = sequence;
            this.request = request;
            this.parkedAt = parkedAt;
            this.tickets = tickets;
            this.fences = new long[tickets.length];
            Arrays.fill(fences, FetchFence.UNKNOWN);
        }

        long parkedAt() {
            return parkedAt;
        }

        long fence(int source) {
            return fences[source];
        }
    }
}
