package io.consentgate.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.gate.Samples;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fetch fence on its own, against scripted answers from the broker: when a parked request may be decided (its
 * fence reached, through a read that qualifies for it), when a gap is skipped and when it is not, in which order
 * requests leave, and what a restart does to them. {@code GateTopologyTest} runs it inside the topology.
 */
class FetchFenceTest {

    private static final int PARTITION = 0;
    private static final TopicPartition CONTACT_EVENTS = new TopicPartition(Topics.CONTACT_EVENTS.name(), PARTITION);
    private static final TopicPartition REROUTED = new TopicPartition("send-gate-send-gate-contact-events-rerouted-repartition", PARTITION);
    private static final long REROUTED_GAP_CHECK_AFTER = 5;
    private static final long GAP_CHECK_AFTER = 500;
    private static final ContactKey CONTACT = new ContactKey("acme-retail", "+34612345678");

    private final ScriptedEndOffsets endOffsets = new ScriptedEndOffsets();
    private final List<String> skipped = new ArrayList<>();
    private final List<String> decided = new ArrayList<>();
    private final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
    private KeyValueStore<Long, PendingRequest> pendingStore;
    private ContactEventPositions positions;
    private FetchFence fence;

    @BeforeEach
    void start() {
        pendingStore = store(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(GateTopology.PENDING_REQUESTS_STORE), Serdes.Long(),
                PendingRequest.serde(new ContractSerdes(new InMemorySchemaRegistryClient()).value(Topics.OUTBOUND_REQUESTS))).withLoggingDisabled().build());
        positions = new ContactEventPositions(store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(GateTopology.CONTACT_EVENTS_POSITIONS_STORE), Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build()));
        fence = startedFence(0);
    }

    @Test
    void shouldReleaseARequestWhoseFenceIsReached() {
        // Given the fold at offset 2 and a request whose fence is 3
        positions.folded(PARTITION, 2);
        park("r-1", 0);
        endOffsets.completeRead(3);

        // When
        fence.release(5, decide());

        // Then
        assertThat(decided).containsExactly("r-1");
    }

    @Test
    void shouldHoldARequestWhoseFenceIsNotReached() {
        // Given the fold at offset 1 and a request whose fence is 3
        positions.folded(PARTITION, 1);
        park("r-1", 0);
        endOffsets.completeRead(3);

        // When
        fence.release(5, decide());

        // Then: held; the fold has not stood still long enough to ask about a gap
        assertThat(decided).isEmpty();
        assertThat(endOffsets.gapChecksAsked).isEmpty();

        // And once the fold gets there, released
        positions.folded(PARTITION, 2);
        fence.release(10, decide());
        assertThat(decided).containsExactly("r-1");
    }

    @Test
    void shouldNotTakeAReadSentBeforeTheRequestArrivedAsItsFence() {
        // Given a read completed before the request arrived: the partition was empty then
        endOffsets.completeRead(0);
        park("r-1", 0);

        // When
        fence.release(5, decide());

        // Then: that read does not qualify (an opt-out may have been acknowledged since), so the request waits for the next one
        assertThat(decided).isEmpty();
        endOffsets.completeRead(0);
        fence.release(10, decide());
        assertThat(decided).containsExactly("r-1");
    }

    @Test
    void shouldSkipAGapWithNothingToFoldOnceTheFoldStandsStill() {
        // Given the fold at offset 1 and a fence of 3: offset 2 is a transaction marker, which never reaches the fold
        positions.folded(PARTITION, 1);
        park("r-1", 0);
        endOffsets.completeRead(3);
        fence.release(5, decide());
        assertThat(endOffsets.gapChecksAsked).as("no gap check before the fold stood still for the delay").isEmpty();

        // When the fold stood still for the delay, the check is asked for [2, 3) and answered: nothing there
        fence.release(5 + GAP_CHECK_AFTER, decide());
        assertThat(endOffsets.gapChecksAsked).containsExactly(new ContactEventsEndOffsets.GapCheck(2, 3, false));
        endOffsets.answerGapCheck(true);
        fence.release(10 + GAP_CHECK_AFTER, decide());

        // Then
        assertThat(decided).containsExactly("r-1");
        assertThat(positions.lastFolded(PARTITION)).isEqualTo(2);
        assertThat(skipped).containsExactly("2..3");
    }

    @Test
    void shouldWaitForTheFoldWhenTheGapHoldsARecordItWillSee() {
        // Given the fold at offset 1, a fence of 3, and a gap check that finds a record at offset 2 (the fold is only behind)
        positions.folded(PARTITION, 1);
        park("r-1", 0);
        endOffsets.completeRead(3);
        fence.release(5, decide());
        fence.release(5 + GAP_CHECK_AFTER, decide());
        endOffsets.answerGapCheck(false);

        // When
        fence.release(10 + GAP_CHECK_AFTER, decide());
        fence.release(10 * GAP_CHECK_AFTER, decide());

        // Then: held however long it takes, nothing skipped
        assertThat(decided).isEmpty();
        assertThat(positions.lastFolded(PARTITION)).isEqualTo(1);
        assertThat(skipped).isEmpty();

        // And released once the fold gets to the record
        positions.folded(PARTITION, 2);
        fence.release(10 * GAP_CHECK_AFTER + 5, decide());
        assertThat(decided).containsExactly("r-1");
    }

    @Test
    void shouldReleaseRequestsInArrivalOrder() {
        // Given three requests: the first fenced at 3, the second at 5, the third without a qualifying read yet
        park("r-1", 0);
        endOffsets.completeRead(3);
        fence.release(1, decide());
        park("r-2", 1);
        endOffsets.completeRead(5);
        fence.release(2, decide());
        park("r-3", 2);
        assertThat(decided).isEmpty();

        // When the fold reaches the first fence, then the second
        positions.folded(PARTITION, 2);
        fence.release(5, decide());
        List<String> afterFirst = List.copyOf(decided);
        positions.folded(PARTITION, 9);
        fence.release(10, decide());

        // Then each leaves in turn, and the third waits for a read of its own although the fold is far ahead
        assertThat(afterFirst).containsExactly("r-1");
        assertThat(decided).containsExactly("r-1", "r-2");
        endOffsets.completeRead(9);
        fence.release(15, decide());
        assertThat(decided).containsExactly("r-1", "r-2", "r-3");
    }

    @Test
    void shouldMakeParkedRequestsWaitForNewFencesAfterARestart() {
        // Given two requests parked and fenced, not yet released, when the task stops
        park("r-1", 0);
        park("r-2", 1);
        endOffsets.completeRead(3);

        // When the task starts again on the same stores (restored from the changelog) and a new request arrives
        fence = startedFence(100);
        park("r-3", 101);
        positions.folded(PARTITION, 2);
        fence.release(105, decide());

        // Then the fence read by the earlier run no longer counts: they wait for a new read, then leave in arrival order
        assertThat(decided).isEmpty();
        endOffsets.completeRead(3);
        fence.release(110, decide());
        assertThat(decided).containsExactly("r-1", "r-2", "r-3");
        assertThat(pendingStore.approximateNumEntries()).isZero();
    }

    @Test
    void shouldHoldARequestUntilTheReroutedEventsAcknowledgedBeforeItAreFolded() {
        // Given a fence over contact-events and the rerouted topic, where a rerouted event sits at offset 0 and its
        // transaction's commit marker at 1
        ContactEventPositions rerouted = new ContactEventPositions(store(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(GateTopology.CONTACT_EVENTS_REROUTED_POSITIONS_STORE), Serdes.Integer(), Serdes.Long())
                .withLoggingDisabled().build()));
        fence = startedFence(0, List.of(new FetchFence.Source(CONTACT_EVENTS, positions, GAP_CHECK_AFTER),
                new FetchFence.Source(REROUTED, rerouted, REROUTED_GAP_CHECK_AFTER)));
        positions.folded(PARTITION, 2);
        park("r-1", 0);
        endOffsets.completeRead(3);
        endOffsets.completeRead(REROUTED, 2);

        // When the rerouted event is not folded yet
        fence.release(5, decide());

        // Then the request waits for it, though its contact-events fence is reached (after the rerouted topic's short
        // delay a gap check is asked, which will find the event)
        assertThat(decided).isEmpty();
        assertThat(endOffsets.gapChecksAsked).containsExactly(new ContactEventsEndOffsets.GapCheck(0, 2, false));

        // And once it is folded, the marker behind it is checked after that delay, and skipped
        rerouted.folded(PARTITION, 0);
        fence.release(10, decide());
        fence.release(15, decide());
        assertThat(endOffsets.gapChecksAsked).endsWith(new ContactEventsEndOffsets.GapCheck(1, 2, false));
        endOffsets.answerGapCheck(true);
        fence.release(20, decide());
        assertThat(decided).containsExactly("r-1");
        assertThat(rerouted.lastFolded(PARTITION)).isEqualTo(1);
    }

    private FetchFence startedFence(long now) {
        return startedFence(now, List.of(new FetchFence.Source(CONTACT_EVENTS, positions, GAP_CHECK_AFTER)));
    }

    private FetchFence startedFence(long now, List<FetchFence.Source> sources) {
        FetchFence started = new FetchFence(sources, endOffsets, new PendingRequests(pendingStore),
                new GateObserver() {
                    @Override
                    public void fenceGapSkipped(String topic, int partition, long from, long to) {
                        skipped.add(from + ".." + to);
                    }
                });
        started.start(now);
        return started;
    }

    private void park(String requestId, long now) {
        Instant at = Instant.ofEpochMilli(now);
        fence.park(new PendingRequest(CONTACT.toString(), now, Samples.reply(CONTACT, requestId, at)), now);
    }

    private java.util.function.Consumer<PendingRequest> decide() {
        return pending -> decided.add(pending.request().getRequestId());
    }

    private <K, V> KeyValueStore<K, V> store(KeyValueStore<K, V> store) {
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    /**
     * The broker as the test scripts it: reads are numbered in the order they complete, a ticket is the number of the
     * next read; a gap check is answered when the test says so.
     */
    static final class ScriptedEndOffsets implements ContactEventsEndOffsets {
        final List<GapCheck> gapChecksAsked = new ArrayList<>();
        private final Map<TopicPartition, Read> latest = new HashMap<>();
        private final Map<TopicPartition, GapCheck> answered = new HashMap<>();
        private TopicPartition lastAsked;
        private long readsSent;

        /** A read of contact-events sent now, answering with the partition's last stable offset. */
        void completeRead(long lastStableOffset) {
            completeRead(CONTACT_EVENTS, lastStableOffset);
        }

        /** A read sent now, answering with the partition's last stable offset. */
        void completeRead(TopicPartition partition, long lastStableOffset) {
            latest.put(partition, new Read(++readsSent, lastStableOffset));
        }

        void answerGapCheck(boolean empty) {
            GapCheck asked = gapChecksAsked.getLast();
            answered.put(lastAsked, new GapCheck(asked.from(), asked.to(), empty));
        }

        @Override
        public long requestRead(TopicPartition partition) {
            return readsSent + 1;
        }

        @Override
        public Read latest(TopicPartition partition) {
            return latest.get(partition);
        }

        @Override
        public void requestGapCheck(TopicPartition partition, long from, long to) {
            gapChecksAsked.add(new GapCheck(from, to, false));
            lastAsked = partition;
        }

        @Override
        public GapCheck gapCheck(TopicPartition partition) {
            return answered.get(partition);
        }
    }
}
