package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.schemas.ContactKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The erased keys ({@link ErasureHasher#erasedKey}) one task's contact-state store holds, by business, so that a contact
 * the store holds nothing for under its own key costs one RocksDB get, not two, and no keyed hash when its business has
 * no erased contact on the task's partitions (docs/decisions.md, issue 17).
 *
 * <p><b>Never missing a key</b> is what keeps the opt-outs of an erased contact honoured: the set may hold a key the store
 * no longer has (that costs a get that finds nothing), never the other way round. Hence: it is read from the store
 * itself, lazily at its first use after any processor of the task was initialised ({@link #rejoin}); Kafka Streams
 * initialises a task's processors after its state is restored and before it processes anything, and again after every
 * suspension, revival or dirty close (under exactly-once a dirty close, as after an aborted transaction, wipes the store
 * and restores it from the changelog's committed records: kafka-streams 4.2.1, {@code TaskManager.closeDirtyAndRevive},
 * {@code StateManagerUtil.closeStateManager}, {@code StreamTask.completeRestoration}), so the store is never written
 * behind the set's back between a fill and its use. Then every write of the gate's goes through {@link ContactStates},
 * which notes a key before putting it and forgets it only after deleting it.
 *
 * <p>One instance per task, shared by the task's three processors that read and write the store (fold, decide, person):
 * each processor's own set would miss the erased keys another wrote. Kafka Streams keeps no per-task object of ours, so
 * {@link PerTask} holds one per {@link TaskId} for the topology.
 *
 * <p><b>Memory</b>: only erased contacts' keys, which are few (an erasure is a person's request, a contact's events are
 * many); a business's set is dropped with its last key, and the whole set when its task's processors close.
 */
final class ErasedContactKeys {

    // A task runs on one stream thread at a time, but may move to another thread of the instance: the methods are
    // synchronized for that hand-over only (never contended, cheap beside the RocksDB get they save).
    private Map<String, Set<String>> byBusiness = new HashMap<>();
    private boolean filled;

    /**
     * Whether the store may hold {@code erasedKey}. {@code store} is read only when the set has to be filled.
     */
    synchronized boolean mayHold(ReadOnlyKeyValueStore<String, ContactState> store, ContactKey erasedKey) {
        Set<String> keys = ofBusiness(store, erasedKey.businessId());
        return keys != null && keys.contains(erasedKey.toString());
    }

    /** Whether the store may hold an erased key of the business at all: when not, not even the keyed hash is needed. */
    synchronized boolean anyOf(ReadOnlyKeyValueStore<String, ContactState> store, String businessId) {
        return ofBusiness(store, businessId) != null;
    }

    /** Before the erased key is put: noted first, so that a failed put leaves a key too many, never one too few. */
    synchronized void putting(ReadOnlyKeyValueStore<String, ContactState> store, ContactKey erasedKey) {
        fillIfNeeded(store);
        byBusiness.computeIfAbsent(erasedKey.businessId(), business -> new HashSet<>()).add(erasedKey.toString());
    }

    /** After the erased key was deleted. */
    synchronized void deleted(ReadOnlyKeyValueStore<String, ContactState> store, ContactKey erasedKey) {
        fillIfNeeded(store);
        Set<String> keys = byBusiness.get(erasedKey.businessId());
        if (keys != null && keys.remove(erasedKey.toString()) && keys.isEmpty()) {
            byBusiness.remove(erasedKey.businessId());
        }
    }

    /** A processor of the task was initialised (or closed): the store may have changed, so the set is read again at its next use. */
    synchronized void rejoin() {
        filled = false;
        byBusiness = new HashMap<>();
    }

    private Set<String> ofBusiness(ReadOnlyKeyValueStore<String, ContactState> store, String businessId) {
        fillIfNeeded(store);
        return byBusiness.get(businessId);
    }

    private void fillIfNeeded(ReadOnlyKeyValueStore<String, ContactState> store) {
        if (!filled) {
            byBusiness = read(store);
            filled = true;
        }
    }

    /**
     * Every erased key in the store, without reading every contact: the store orders keys by their UTF-8 bytes, all the
     * keys of a business share the prefix {@code businessId|}, and a keyed hash is lowercase hex while a canonical
     * contact starts with {@code +} (E.164) or an upper-case letter (BSUID). So per business: the first key past the
     * previous business names it (a key, not a value, is decoded), and two ranges, {@code |0}-{@code |9} and
     * {@code |a}-{@code |f}, hold its erased keys. Opens three iterators per business and decodes only erased contacts'
     * values, where a full scan would decode every contact's.
     */
    static Map<String, Set<String>> read(ReadOnlyKeyValueStore<String, ContactState> store) {
        Map<String, Set<String>> byBusiness = new HashMap<>();
        String from = null;
        while (true) {
            String first;
            try (KeyValueIterator<String, ContactState> next = store.range(from, null)) {
                if (!next.hasNext()) {
                    return byBusiness;
                }
                first = next.peekNextKey();
            }
            int separator = first.indexOf(ContactKey.SEPARATOR);
            if (separator < 0) { // not a contact key: the gate writes none, skip it
                from = first + '\0';
                continue;
            }
            String prefix = first.substring(0, separator + 1);
            addErased(store, prefix + '0', prefix + '9', byBusiness);
            addErased(store, prefix + 'a', prefix + 'f', byBusiness);
            from = first.substring(0, separator) + (char) (ContactKey.SEPARATOR + 1); // the first key past every "businessId|…"
        }
    }

    /** The erased keys among those from {@code from} up to every key that starts with {@code upTo}. */
    private static void addErased(ReadOnlyKeyValueStore<String, ContactState> store, String from, String upTo,
                                  Map<String, Set<String>> byBusiness) {
        String to = upTo.substring(0, upTo.length() - 1) + (char) (upTo.charAt(upTo.length() - 1) + 1); // inclusive: '9'+1 is ':', 'f'+1 is 'g'
        try (KeyValueIterator<String, ContactState> keys = store.range(from, to)) {
            while (keys.hasNext()) {
                String key = keys.peekNextKey();
                ContactKey parsed = ContactKey.parse(key);
                if (ErasureHasher.isHash(parsed.contact())) {
                    byBusiness.computeIfAbsent(parsed.businessId(), business -> new HashSet<>()).add(key);
                }
                keys.next();
            }
        }
    }

    /** One set per task of the topology, for its processors to share (see above). */
    static final class PerTask {

        private final Map<TaskId, ErasedContactKeys> tasks = new ConcurrentHashMap<>();
        private final ErasureHasher erasureHasher;

        PerTask(ErasureHasher erasureHasher) {
            this.erasureHasher = erasureHasher;
        }

        /**
         * At a processor's init: the contact states of its task, with the task's set, to be read again from the store at
         * its next use. The processor's close calls {@link ContactStates#processorClosed}.
         */
        ContactStates contactStates(ProcessorContext<?, ?> context) {
            ErasedContactKeys keys = tasks.computeIfAbsent(context.taskId(), id -> new ErasedContactKeys());
            keys.rejoin();
            KeyValueStore<String, ContactState> store = context.getStateStore(GateTopology.CONTACT_STATE_STORE);
            return new ContactStates(store, erasureHasher, keys);
        }
    }
}
