package io.consentgate.gate.app;

import io.consentgate.avro.ContactEvent;
import io.consentgate.gate.topology.ContactEventsEndOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch fences' link to the broker: one background thread that, every poll interval, reads the
 * last stable offsets of every partition a parked request of this instance waits on ({@code contact-events}
 * and the gate's internal topic of rerouted contact events), in one batched {@code endOffsets} of a read_committed consumer, and answers the gap checks asked
 * for, with a read_committed consumer of its own. It does nothing while no request waits; the
 * stream threads only hand out tickets and look at answers, they never wait on the broker.
 */
final class FenceReader implements ContactEventsEndOffsets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FenceReader.class);
    private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(5);

    /** Reads both the last stable offsets and the gaps: only ever used on the reader thread. */
    private final Consumer<byte[], byte[]> gapReader;
    private final Deserializer<ContactEvent> events;
    private final ScheduledExecutorService reader;
    private final AtomicLong readsSent = new AtomicLong();
    /** Partition → the highest ticket handed out for it that no completed read has served yet. */
    private final Map<TopicPartition, Long> wanted = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Read> latest = new ConcurrentHashMap<>();
    private final Map<TopicPartition, GapCheck> gapChecksWanted = new ConcurrentHashMap<>();
    private final Map<TopicPartition, GapCheck> gapChecks = new ConcurrentHashMap<>();
    private volatile boolean failing;
    /** Every partition whose last stable offset was read: the gap reader's assignment between gap checks (reader thread only). */
    private final Set<TopicPartition> offsetPartitions = new HashSet<>();

    /**
     * @param gapReader a read_committed consumer of raw bytes in no group, resetting to the earliest offset
     * @param events    the contact-events value deserializer the gate's topology uses: what it cannot decode, the fold never sees
     */
    FenceReader(Consumer<byte[], byte[]> gapReader, Deserializer<ContactEvent> events, Duration pollInterval) {
        this.gapReader = gapReader;
        this.events = events;
        this.reader = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "send-gate-fence-reader");
            thread.setDaemon(true);
            return thread;
        });
        reader.scheduleWithFixedDelay(this::readWanted, pollInterval.toNanos(), pollInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The read numbered {@code readsSent + 1} is counted before it is sent, so it (and every later one) is sent after this call. */
    @Override
    public long requestRead(TopicPartition partition) {
        long ticket = readsSent.get() + 1;
        wanted.merge(partition, ticket, Math::max);
        return ticket;
    }

    @Override
    public Read latest(TopicPartition partition) {
        return latest.get(partition);
    }

    @Override
    public void requestGapCheck(TopicPartition partition, long from, long to) {
        gapChecksWanted.put(partition, new GapCheck(from, to, false));
    }

    @Override
    public GapCheck gapCheck(TopicPartition partition) {
        return gapChecks.get(partition);
    }

    private void readWanted() {
        try {
            readOffsets();
            checkGaps();
            if (failing) {
                log.info("Reading the contact events' offsets for fetch fences works again");
                failing = false;
            }
        } catch (RuntimeException e) { // a failed run must not end the schedule
            if (!failing) {
                log.warn("Cannot read the contact events' offsets for fetch fences ({}); parked requests wait until this works again."
                        + " Check that the gate reaches the broker and may describe and read contact-events and its rerouted topic", e.toString());
                failing = true;
            }
        }
    }

    /**
     * A read_committed consumer's end offsets are the last stable offsets. Not the Admin client's listOffsets: its
     * partition-leader cache (kafka-clients 4.2) keeps sending to a leader that left the cluster until
     * default.api.timeout.ms (60 s) expires (KAFKA-20673), and every parked request waited that long after a broker's kill.
     */
    private void readOffsets() {
        if (wanted.isEmpty()) {
            return;
        }
        long number = readsSent.incrementAndGet();
        List<TopicPartition> partitions = List.copyOf(wanted.keySet());
        // Assigned, though never polled here: a read_committed consumer keeps the last stable offsets it learns for its
        // assigned partitions, and logs a warning for each other one, at every read. Every partition read so far stays
        // assigned (a few), so the consumer is reassigned (and logs it) only for a new one or after a gap check.
        offsetPartitions.addAll(partitions);
        if (!gapReader.assignment().equals(offsetPartitions)) {
            gapReader.assign(offsetPartitions);
        }
        Map<TopicPartition, Long> offsets = gapReader.endOffsets(partitions, BROKER_TIMEOUT);
        offsets.forEach((partition, offset) -> {
            latest.put(partition, new Read(number, offset));
            wanted.computeIfPresent(partition, (ignored, ticket) -> ticket <= number ? null : ticket);
        });
    }

    private void checkGaps() {
        for (TopicPartition partition : List.copyOf(gapChecksWanted.keySet())) {
            GapCheck asked = gapChecksWanted.remove(partition);
            gapChecks.put(partition, new GapCheck(asked.from(), asked.to(), holdsNothingToFold(partition, asked.from(), asked.to())));
        }
    }

    /** Reads [from, to) as a read_committed consumer does (markers and aborted records are never returned). */
    private boolean holdsNothingToFold(TopicPartition partition, long from, long to) throws TimeoutException {
        gapReader.assign(List.of(partition));
        gapReader.seek(partition, from);
        long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
        while (gapReader.position(partition) < to) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + partition + " from offset " + from + " to " + to + " took longer than " + BROKER_TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> record : gapReader.poll(Duration.ofMillis(100))) {
                if (record.offset() >= to) {
                    return true;
                }
                if (foldable(record)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A tombstone reaches the fold (which skips it, but records its offset); a value that is not a ContactEvent goes to
     * the dead letters. Any other failure (the registry unreachable) is no answer: the check fails and is asked again,
     * because calling a record undecodable that the stream thread then decodes would let a request pass its fence.
     */
    private boolean foldable(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return true;
        }
        try {
            events.deserialize(record.topic(), record.headers(), record.value());
            return true;
        } catch (SerializationException undecodable) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        reader.shutdownNow();
        reader.awaitTermination(BROKER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        gapReader.close(CloseOptions.timeout(BROKER_TIMEOUT));
    }

    /** The gap reader's settings over spring.kafka.consumer.* (bootstrap servers, security). */
    static Map<String, Object> gapReaderConfig(Map<String, Object> consumerProperties) {
        Map<String, Object> config = new HashMap<>(consumerProperties);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }
}
