package io.consentgate.gate.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's requests waiting for their fence, in arrival order: in a changelogged store ({@value
 * GateTopology#PENDING_REQUESTS_STORE}, or {@value GateTopology#PENDING_VISITS_STORE} for identity visits), so that
 * exactly-once covers a parked request like any other state, and here with what is only known in this run: when each
 * was parked, its ticket and, once read, its fence, one of each per partition the fold reads (see {@link FetchFence}).
 *
 * <p>A decided request costs the store nothing. Requests are parked in a ring of slots (key: arrival sequence modulo
 * the ring's size) and decided oldest first, so one progress mark, the first sequence not yet decided, written once per
 * release, says which stored requests are decided; a slot is written over when its sequence comes round again. A
 * decision used to write a delete for its request, one changelog record and, through the record cache that merged it
 * with the park, a sixth of the stream threads at saturation (issue 17, sixth pass). A request that finds its slot
 * still held (more requests waiting than slots) is stored under a key of its own, below the progress key, and deleted
 * when decided, as are requests stored in the earlier format (one key per sequence).
 */
final class PendingRequests {

    /** Enough for a task's arrivals while their fences are read (a few thousand at saturation) at ~300 B each in memory. */
    static final int DEFAULT_SLOTS = 4096;
    /** The progress mark's key; ring slots are 0 and up, requests that found their slot held are below it. */
    static final long PROGRESS_KEY = -1;

    private final KeyValueStore<Long, ParkedRequest> store;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    private final int slots;
    private final boolean[] held;
    private long nextSequence;
    private boolean decidedSinceMark;

    PendingRequests(KeyValueStore<Long, ParkedRequest> store) {
        this(store, DEFAULT_SLOTS);
    }

    PendingRequests(KeyValueStore<Long, ParkedRequest> store, int slots) {
        this.store = store;
        this.slots = slots;
        this.held = new boolean[slots];
    }

    /**
     * Waits again for the requests parked before a restart or a rebalance, in arrival order: the fences they had were
     * read by another run, so each gets a new ticket (a later fence is only stricter). What lies in a slot below the
     * progress mark was decided.
     */
    void reload(Supplier<long[]> tickets, long now) {
        queue.clear();
        Arrays.fill(held, false);
        decidedSinceMark = false;
        long firstUndecided = 0;
        long next = 0;
        List<Stored> parked = new ArrayList<>();
        try (KeyValueIterator<Long, ParkedRequest> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, ParkedRequest> each = all.next();
                if (each.key == PROGRESS_KEY) {
                    firstUndecided = each.value.sequence();
                    continue;
                }
                long sequence = each.value.legacy() ? each.key : each.value.sequence();
                parked.add(new Stored(each.key, sequence, each.value));
                next = Math.max(next, sequence + 1);
            }
        }
        nextSequence = Math.max(next, firstUndecided);
        parked.sort(Comparator.comparingLong(Stored::sequence));
        for (Stored each : parked) {
            if (each.value.legacy() || each.sequence >= firstUndecided) {
                holdIfSlot(each.key);
                queue.add(new Waiting(each.key, each.sequence, each.value.request(), ownKey(each), now, tickets.get()));
            }
        }
    }

    void park(PendingRequest request, long[] tickets, long now) {
        long sequence = nextSequence++;
        int slot = (int) Math.floorMod(sequence, (long) slots);
        boolean ownKey = held[slot];
        long key = ownKey ? PROGRESS_KEY - 1 - sequence : slot;
        holdIfSlot(key);
        store.put(key, ParkedRequest.of(sequence, request));
        queue.add(new Waiting(key, sequence, request, ownKey, now, tickets));
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

    /** Takes the oldest waiting request to be decided; what the store learns of it waits for {@link #markProgress}. */
    PendingRequest removeHead() {
        Waiting head = queue.remove();
        if (head.key >= 0 && head.key < slots) {
            held[(int) head.key] = false;
        }
        if (head.ownKey) {
            store.put(head.key, null); // a put of null, not a delete, which reads and decodes the old value to return it
        }
        decidedSinceMark = true;
        return head.request;
    }

    /**
     * Records in the store that every request taken so far is decided: once per release, in the same transaction as the
     * decisions (a punctuation runs whole between two commits).
     */
    void markProgress() {
        if (decidedSinceMark) {
            long firstUndecided = queue.isEmpty() ? nextSequence : queue.peek().sequence;
            store.put(PROGRESS_KEY, ParkedRequest.of(firstUndecided, null));
            decidedSinceMark = false;
        }
    }

    private void holdIfSlot(long key) {
        if (key >= 0 && key < slots) {
            held[(int) key] = true;
        }
    }

    /** Whether a stored request is removed by a delete: one stored under a key of its own, or in the earlier format. */
    private boolean ownKey(Stored stored) {
        return stored.value.legacy() || stored.key != Math.floorMod(stored.sequence, (long) slots);
    }

    private record Stored(long key, long sequence, ParkedRequest value) {
    }

    static final class Waiting {
        private final long key;
        private final long sequence;
        private final PendingRequest request;
        private final boolean ownKey;
        private final long parkedAt;
        private final long[] tickets;
        private final long[] fences;

        /** Keeps {@code tickets} as given: both callers hand over a fresh array (FetchFence.tickets()) they never touch again. */
        private Waiting(long key, long sequence, PendingRequest request, boolean ownKey, long parkedAt, long[] tickets) {
            this.key = key;
            this.sequence = sequence;
            this.request = request;
            this.ownKey = ownKey;
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
