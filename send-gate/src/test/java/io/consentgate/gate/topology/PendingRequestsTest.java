package io.consentgate.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.SendRequest;
import io.consentgate.gate.Samples;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How parked requests are stored: in a ring of slots with one progress mark, so that a decided request writes nothing;
 * under keys of their own when the ring is full; and what a restart on the same store (as restored from the changelog)
 * brings back, including requests stored in the format of before the ring.
 */
class PendingRequestsTest {

    private static final int SLOTS = 4;
    private static final ContactKey CONTACT = new ContactKey("acme-retail", "+34612345678");
    private static final long[] NO_TICKETS = new long[0];

    private final Serde<SendRequest> requests = new ContractSerdes(new InMemorySchemaRegistryClient()).value(Topics.OUTBOUND_REQUESTS);
    private final Serde<PendingRequest> pendingSerde = PendingRequest.serde(requests);
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private KeyValueStore<Bytes, byte[]> bytes;
    private KeyValueStore<Long, ParkedRequest> store;
    private final List<String> writes = new ArrayList<>();

    @BeforeEach
    void createStore() {
        bytes = new RecordingStore(Stores.inMemoryKeyValueStore(GateTopology.PENDING_REQUESTS_STORE).get(), writes);
        KeyValueStore<Bytes, byte[]> shared = bytes;
        KeyValueBytesStoreSupplier supplier = new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return GateTopology.PENDING_REQUESTS_STORE;
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                return shared;
            }

            @Override
            public String metricsScope() {
                return "in-memory";
            }
        };
        store = Stores.keyValueStoreBuilder(supplier, Serdes.Long(), ParkedRequest.serde(pendingSerde)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void shouldWriteNothingForADecidedRequestButOneProgressMarkPerRelease() {
        // Given three requests parked
        PendingRequests pending = new PendingRequests(store, SLOTS);
        parkAll(pending, "r-1", "r-2", "r-3");
        assertThat(writes).containsExactly("put 0", "put 1", "put 2");

        // When two are decided in one release
        writes.clear();
        List<String> decided = decide(pending, 2);
        pending.markProgress();

        // Then the store learns it through one write: the progress mark
        assertThat(decided).containsExactly("r-1", "r-2");
        assertThat(writes).containsExactly("put " + PendingRequests.PROGRESS_KEY);

        // And a release that decides nothing writes nothing
        writes.clear();
        pending.markProgress();
        assertThat(writes).isEmpty();
    }

    @Test
    void shouldKeepTheStoreAsSmallAsTheRingWhateverManyRequestsPass() {
        PendingRequests pending = new PendingRequests(store, SLOTS);
        for (int round = 0; round < 25; round++) {
            parkAll(pending, "a-" + round, "b-" + round, "c-" + round);
            assertThat(decide(pending, 3)).containsExactly("a-" + round, "b-" + round, "c-" + round);
            pending.markProgress();
        }
        assertThat(store.approximateNumEntries()).isEqualTo(SLOTS + 1);
    }

    @Test
    void shouldStoreARequestUnderAKeyOfItsOwnWhenItsSlotIsStillHeldAndDeleteItOnceDecided() {
        // Given more requests waiting than slots
        PendingRequests pending = new PendingRequests(store, SLOTS);
        parkAll(pending, "r-0", "r-1", "r-2", "r-3", "r-4", "r-5");

        // Then the two beyond the ring have keys of their own, below the progress key
        long ownKeyOf4 = PendingRequests.PROGRESS_KEY - 1 - 4;
        long ownKeyOf5 = PendingRequests.PROGRESS_KEY - 1 - 5;
        assertThat(writes).containsExactly("put 0", "put 1", "put 2", "put 3", "put " + ownKeyOf4, "put " + ownKeyOf5);

        // When all are decided
        writes.clear();
        assertThat(decide(pending, 6)).containsExactly("r-0", "r-1", "r-2", "r-3", "r-4", "r-5");
        pending.markProgress();

        // Then those two are deleted, the ring's are not
        assertThat(writes).containsExactly("delete " + ownKeyOf4, "delete " + ownKeyOf5, "put " + PendingRequests.PROGRESS_KEY);
    }

    @Test
    void shouldBringBackOnlyTheUndecidedRequestsInArrivalOrderAfterARestart() {
        // Given six requests parked (two under keys of their own), the first three decided, then a seventh parked in a
        // slot a decided one had
        PendingRequests before = new PendingRequests(store, SLOTS);
        parkAll(before, "r-0", "r-1", "r-2", "r-3", "r-4", "r-5");
        decide(before, 3);
        before.markProgress();
        parkAll(before, "r-6");

        // When the task starts again on the same store
        PendingRequests after = new PendingRequests(store, SLOTS);
        after.reload(() -> NO_TICKETS, 100);

        // Then the four undecided come back in arrival order, and new arrivals queue behind them
        parkAll(after, "r-7");
        assertThat(decide(after, 5)).containsExactly("r-3", "r-4", "r-5", "r-6", "r-7");
        after.markProgress();
        assertThat(after.isEmpty()).isTrue();

        // And a further start finds nothing undecided
        PendingRequests again = new PendingRequests(store, SLOTS);
        again.reload(() -> NO_TICKETS, 200);
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void shouldTakeBackRequestsStoredInTheFormatOfBeforeTheRingAndDeleteThemOnceDecided() {
        // Given two requests stored one key per sequence, as the gate did before the ring (keys 2 and 3: slots of the ring)
        putInEarlierFormat(2, "old-2");
        putInEarlierFormat(3, "old-3");

        // When the task starts on that store and new requests arrive
        PendingRequests pending = new PendingRequests(store, SLOTS);
        pending.reload(() -> NO_TICKETS, 0);
        writes.clear();
        parkAll(pending, "new-4", "new-5", "new-6");

        // Then the new ones queue behind the old, and none writes over a slot an old one holds
        assertThat(writes).containsExactly("put 0", "put 1", "put " + (PendingRequests.PROGRESS_KEY - 1 - 6));
        writes.clear();
        assertThat(decide(pending, 5)).containsExactly("old-2", "old-3", "new-4", "new-5", "new-6");
        pending.markProgress();

        // And the old ones are deleted once decided
        assertThat(writes).containsExactly("delete 2", "delete 3", "delete " + (PendingRequests.PROGRESS_KEY - 1 - 6),
                "put " + PendingRequests.PROGRESS_KEY);
        PendingRequests again = new PendingRequests(store, SLOTS);
        again.reload(() -> NO_TICKETS, 100);
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void shouldReadEitherFormatBackAsWritten() {
        Serde<ParkedRequest> serde = ParkedRequest.serde(pendingSerde);
        PendingRequest request = pending("r-1");
        String topic = GateTopology.PENDING_REQUESTS_STORE;

        ParkedRequest parked = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, ParkedRequest.of(42, request)));
        ParkedRequest mark = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, ParkedRequest.of(43, null)));
        ParkedRequest earlier = serde.deserializer().deserialize(topic, pendingSerde.serializer().serialize(topic, request));

        assertThat(parked).isEqualTo(ParkedRequest.of(42, request));
        assertThat(mark).isEqualTo(ParkedRequest.of(43, null));
        assertThat(earlier.legacy()).isTrue();
        assertThat(earlier.request()).isEqualTo(request);
    }

    private void putInEarlierFormat(long sequence, String requestId) {
        byte[] key = Serdes.Long().serializer().serialize(null, sequence);
        bytes.put(Bytes.wrap(key), pendingSerde.serializer().serialize(GateTopology.PENDING_REQUESTS_STORE, pending(requestId)));
    }

    private void parkAll(PendingRequests pending, String... requestIds) {
        for (String requestId : requestIds) {
            pending.park(pending(requestId), NO_TICKETS, 0);
        }
    }

    private static List<String> decide(PendingRequests pending, int count) {
        List<String> decided = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            decided.add(pending.removeHead().request().getRequestId());
        }
        return decided;
    }

    private static PendingRequest pending(String requestId) {
        return new PendingRequest(CONTACT.toString(), 1_000, Samples.reply(CONTACT, requestId, Instant.ofEpochMilli(1_000)));
    }

    /** Passes everything to the store it wraps and notes each write, by key: {@code put 3}, {@code delete -6} (a put of null). */
    private record RecordingStore(KeyValueStore<Bytes, byte[]> inner, List<String> writes) implements KeyValueStore<Bytes, byte[]> {

        @Override
        public void put(Bytes key, byte[] value) {
            writes.add((value == null ? "delete " : "put ") + Serdes.Long().deserializer().deserialize(null, key.get()));
            inner.put(key, value);
        }

        @Override
        public byte[] putIfAbsent(Bytes key, byte[] value) {
            throw new UnsupportedOperationException("not used by PendingRequests");
        }

        @Override
        public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
            entries.forEach(entry -> put(entry.key, entry.value));
        }

        @Override
        public byte[] delete(Bytes key) {
            writes.add("delete " + Serdes.Long().deserializer().deserialize(null, key.get()));
            return inner.delete(key);
        }

        @Override
        public byte[] get(Bytes key) {
            return inner.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
            return inner.range(from, to);
        }

        @Override
        public KeyValueIterator<Bytes, byte[]> all() {
            return inner.all();
        }

        @Override
        public long approximateNumEntries() {
            return inner.approximateNumEntries();
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
            inner.init(context, root);
        }

        @Override
        public void flush() {
            inner.flush();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean persistent() {
            return inner.persistent();
        }

        @Override
        public boolean isOpen() {
            return inner.isOpen();
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
            return inner.query(query, positionBound, config);
        }

        @Override
        public Position getPosition() {
            return inner.getPosition();
        }
    }
}
