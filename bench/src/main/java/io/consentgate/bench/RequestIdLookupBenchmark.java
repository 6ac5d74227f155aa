package io.consentgate.bench;

import io.consentgate.testing.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;

/**
 * The gate's request-id lookup (send-gate's {@code RequestIds}) on the store it uses: a RocksDB window store with the
 * 7-day retention, so segments of 3.5 days and three of them live once a gate has run a week. The end-to-end bench
 * runs for minutes, so its store has one segment: {@code segments=1} is what the bench measures, {@code segments=3}
 * what production pays. Each lookup is of an id never decided (the common case: a new request), over the retention
 * on each side of the request's timestamp, as the gate reads it. {@code pointReads} is the alternative that
 * docs/decisions.md ("issue 17, seventh pass") weighs: one exact-timestamp read per live segment, which RocksDB's
 * bloom filters can answer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestIdLookupBenchmark {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final long SEGMENT_MILLIS = RETENTION.toMillis() / 2;   // Kafka Streams: max(retention / 2, 60 s)
    private static final int IDS = 300_000;
    private static final String STORE = "gate-request-ids";

    @Param({"1", "3"})
    public int segments;

    /**
     * Whether every bloom filter is there to answer a read of an absent key (a RocksDBConfigSetter; the gate runs
     * without): one on each memtable, and one on the last level's table files too, which Kafka Streams' default
     * ({@code optimize_filters_for_hits}) leaves out, because it expects reads of keys that exist.
     */
    @Param({"false", "true"})
    public boolean bloomFilters;

    private Path stateDir;
    private TopologyTestDriver driver;
    private WindowStore<String, Long> store;
    private long now;
    private int next;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        stateDir = Files.createTempDirectory("request-id-lookup");
        // The store as a topology holds it, in TopologyTestDriver's task: a segmented store needs Streams' internal
        // context, which only a task gives. The driver does nothing else here: no record is piped.
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, RETENTION, Duration.ofMillis(1), false),
                Serdes.String(), Serdes.Long()).withLoggingDisabled());
        builder.stream("requests", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new ContextualProcessor<String, String, Void, Void>() {
                    @Override
                    public void process(Record<String, String> record) {
                    }
                }, STORE);
        Properties config = new Properties();
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (bloomFilters) {
            config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BloomFiltersForMisses.class);
        }
        driver = new TopologyTestDriver(builder.build(), config);
        store = driver.getWindowStore(STORE);
        // The ids' timestamps span the live segments: the last minutes (one segment) or the whole week (three).
        now = 30 * RETENTION.toMillis() + SEGMENT_MILLIS / 2;   // mid-segment: the newest ids share the newest segment
        long span = segments == 1 ? Duration.ofMinutes(10).toMillis() : RETENTION.toMillis() - 1;
        for (int i = 0; i < IDS; i++) {
            long timestamp = now - span + span * i / IDS;
            store.put(requestId(i, "request-" + i), timestamp, timestamp);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        driver.close();
        Folders.deleteRecursively(stateDir);
    }

    /** What the gate does today: an iterator over [t - retention, t + retention], on every live segment. */
    @Benchmark
    public boolean rangeRead() {
        try (WindowStoreIterator<Long> seen = store.fetch(newId(), now - RETENTION.toMillis(), now + RETENTION.toMillis())) {
            return seen.hasNext();
        }
    }

    /** The alternative: one exact read per live segment (ids keyed by a time bucket), each a RocksDB get. */
    @Benchmark
    public boolean pointReads() {
        String id = newId();
        boolean seen = false;
        for (int segment = 0; segment < segments; segment++) {
            seen |= store.fetch(id, now - segment * SEGMENT_MILLIS) != null;
        }
        return seen;
    }

    /** A bloom filter on every memtable and on every level's table files, over whole keys. */
    public static class BloomFiltersForMisses implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            options.setMemtablePrefixBloomSizeRatio(0.1);
            options.setMemtableWholeKeyFiltering(true);
            options.setOptimizeFiltersForHits(false);
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }

    private String newId() {
        int id = next++;
        return requestId(id, "new-request-" + id);
    }

    /** As {@code RequestIds} keys it: the contact (one of 100,000 of a business), then the request's id. */
    private static String requestId(int index, String requestId) {
        return "business-1|+3491" + (1_000_000 + index % 100_000) + "|" + requestId;
    }
}
