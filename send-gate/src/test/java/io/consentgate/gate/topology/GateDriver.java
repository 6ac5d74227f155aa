package io.consentgate.gate.topology;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.testing.MutableClock;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.streams.DeadLetterDeserializationHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.consentgate.support.streams.HomePartitions;
import org.apache.kafka.common.TopicPartition;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The gate's very topology in a TopologyTestDriver, with an in-memory schema registry and a clock the test moves. */
final class GateDriver implements AutoCloseable {

    static final Instant START = Instant.parse("2026-06-01T10:00:00Z"); // noon in Spain: outside quiet hours
    static final String CONTACT_STATE_CHANGELOG = "send-gate-test-" + GateTopology.CONTACT_STATE_STORE + "-changelog";
    static final String QUOTA_CHANGELOG = "send-gate-test-" + GateTopology.QUOTA_STORE + "-changelog";
    static final ErasureHasher HASHER = new ErasureHasher("a test erasure key of at least 32 bytes".getBytes(StandardCharsets.UTF_8));

    /** How often the driver's wall clock moves to release parked requests; the fence poll interval. */
    static final Duration FENCE_POLL_INTERVAL = Duration.ofMillis(5);
    static final Duration FENCE_GAP_CHECK_AFTER = Duration.ofMillis(500);

    final MutableClock clock = new MutableClock(START);
    final GateSettings settings = new GateSettings(Duration.ofDays(7), HASHER, FENCE_POLL_INTERVAL, FENCE_GAP_CHECK_AFTER);
    final BusinessPolicies policies = BusinessPolicies.of(BusinessPolicy.DEFAULTS, Map.of());
    final FakeEndOffsets endOffsets = new FakeEndOffsets();
    final CountingObserver observer = new CountingObserver();
    final int partitionCount;
    final ContractSerdes serdes;
    final TopologyTestDriver driver;
    final TestInputTopic<String, ContactEvent> contactEvents;
    final TestInputTopic<String, BusinessEvent> businessEvents;
    final TestInputTopic<String, SendRequest> requests;
    final TestInputTopic<String, byte[]> rawRequests;
    final TestOutputTopic<String, ApprovedSend> approved;
    final TestOutputTopic<String, SendRejection> rejected;

    GateDriver() {
        this(1);
    }

    /**
     * A driver whose state directory is in memory (tmpfs), where there is one: a TopologyTestDriver commits after every
     * record, fsyncing its checkpoint and flushing RocksDB, which on a disk makes tens of thousands of records take minutes.
     */
    static GateDriver onTmpfs() {
        return new GateDriver(1, new ContractSerdes(new InMemorySchemaRegistryClient()), stateDir(Path.of("/dev/shm")));
    }

    /**
     * @param partitionCount how many partitions the gate takes contact-events and outbound-requests to have; the driver
     *                       reads every record on partition 0, so with more, a key whose home is another partition is misrouted
     */
    GateDriver(int partitionCount) {
        this(partitionCount, new ContractSerdes(new InMemorySchemaRegistryClient()));
    }

    private GateDriver(int partitionCount, ContractSerdes serdes) {
        this(partitionCount, serdes, stateDir(Path.of(System.getProperty("java.io.tmpdir"))));
    }

    private GateDriver(int partitionCount, ContractSerdes serdes, String stateDir) {
        this.partitionCount = partitionCount;
        this.serdes = serdes;
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "send-gate-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        driver = new TopologyTestDriver(GateTopology.build(settings, policies, clock, serdes, endOffsets,
                HomePartitions.PartitionCounts.fixed(partitionCount), observer), config, START);
        StringSerializer keys = new StringSerializer();
        contactEvents = driver.createInputTopic(Topics.CONTACT_EVENTS.name(), keys, serdes.value(Topics.CONTACT_EVENTS).serializer());
        businessEvents = driver.createInputTopic(Topics.BUSINESS_EVENTS.name(), keys, serdes.value(Topics.BUSINESS_EVENTS).serializer());
        requests = driver.createInputTopic(Topics.OUTBOUND_REQUESTS.name(), keys, serdes.value(Topics.OUTBOUND_REQUESTS).serializer());
        rawRequests = driver.createInputTopic(Topics.OUTBOUND_REQUESTS.name(), keys, new ByteArraySerializer());
        approved = driver.createOutputTopic(Topics.APPROVED_SENDS.name(), new StringDeserializer(), serdes.value(Topics.APPROVED_SENDS).deserializer());
        rejected = driver.createOutputTopic(Topics.SEND_REJECTIONS.name(), new StringDeserializer(), serdes.value(Topics.SEND_REJECTIONS).deserializer());
    }

    /**
     * The gate started again on the contact states this one wrote (and the same schema registry): a new topology and
     * driver, whose contact-state store is this driver's changelog replayed before the first record, as Kafka Streams
     * restores a store before its task processes anything. (A TopologyTestDriver wipes its state directory when closed
     * and restores nothing itself.) Close this driver too.
     */
    GateDriver restarted() {
        List<KeyValue<String, ContactState>> changelog = driver.createOutputTopic(CONTACT_STATE_CHANGELOG, new StringDeserializer(),
                serdes.value(Topics.CONSENT_STATE).deserializer()).readKeyValuesToList();
        GateDriver restarted = new GateDriver(partitionCount, serdes);
        KeyValueStore<String, ContactState> store = restarted.driver.getKeyValueStore(GateTopology.CONTACT_STATE_STORE);
        changelog.forEach(record -> {
            if (record.value == null) {
                store.delete(record.key);
            } else {
                store.put(record.key, record.value);
            }
        });
        return restarted;
    }

    void event(ContactEvent event) {
        String key = new ContactKey(event.getBusinessId(), event.getContact()).toString();
        contactEvents.pipeInput(key, event, event.getOccurredAt());
        endOffsets.records++;
        endOffsets.committed++;
        if (HomePartitions.of(key, partitionCount) != 0) {
            endOffsets.rerouted++; // the driver writes it to the rerouted topic (without a marker) and folds it from there
        }
    }

    void business(BusinessEvent event) {
        businessEvents.pipeInput(event.getBusinessId(), event, event.getOccurredAt());
    }

    void request(SendRequest request) {
        request(request.getBusinessId() + "|" + request.getContact(), request);
    }

    /** Pipes the request, then lets the fence punctuation run once: with every contact event piped folded, it decides. */
    void request(String key, SendRequest request) {
        parkOnly(key, request);
        pollFences();
    }

    void parkOnly(SendRequest request) {
        parkOnly(request.getBusinessId() + "|" + request.getContact(), request);
    }

    void parkOnly(String key, SendRequest request) {
        requests.pipeInput(key, request, clock.instant());
    }

    void pollFences() {
        driver.advanceWallClockTime(FENCE_POLL_INTERVAL);
    }

    /** What the explain endpoint answers for the request now, read from the driver's stores as the endpoint reads the gate's. */
    DecisionExplainer.Explanation explain(SendRequest request) {
        DecisionExplainer explainer = new DecisionExplainer(settings, policies, clock);
        ContactKey key = explainer.contactKey(request);
        ContactKey person = explainer.person(key, driver.getKeyValueStore(GateTopology.CONTACT_STATE_STORE));
        return explainer.explain(person, key, request, driver.getKeyValueStore(GateTopology.CONTACT_STATE_STORE),
                driver.getKeyValueStore(GateTopology.BUSINESS_STATE_STORE), driver.getWindowStore(GateTopology.REQUEST_IDS_STORE));
    }

    /**
     * contact-events as the fences see it: by default its end is right after the last event piped; a test may move
     * it ahead, as when an opt-out is acknowledged but not fetched yet, or a transaction marker follows. Every read
     * is a fresh one; a gap check is answered at once: the offsets from {@code records} on hold no record. The rerouted
     * topic ends after the last event rerouted.
     */
    static final class FakeEndOffsets implements ContactEventsEndOffsets {
        long committed;
        long records;
        long rerouted;
        int gapChecks;
        private long reads;
        private final Map<TopicPartition, GapCheck> gapCheck = new java.util.HashMap<>();

        @Override
        public void requestGapCheck(TopicPartition partition, long from, long to) {
            gapChecks++;
            gapCheck.put(partition, new GapCheck(from, to, from >= (contactEvents(partition) ? records : rerouted)));
        }

        @Override
        public GapCheck gapCheck(TopicPartition partition) {
            return gapCheck.get(partition);
        }

        @Override
        public long requestRead(TopicPartition partition) {
            return reads + 1;
        }

        @Override
        public Read latest(TopicPartition partition) {
            return new Read(++reads, contactEvents(partition) ? committed : rerouted);
        }

        private static boolean contactEvents(TopicPartition partition) {
            return partition.topic().equals(Topics.CONTACT_EVENTS.name());
        }
    }

    /** Counts the gaps skipped by fences; keeps each business's last quota gauge. */
    static final class CountingObserver implements GateObserver {
        int fenceGapsSkipped;
        final List<String> misrouted = new ArrayList<>();
        final Map<String, Integer> quotaUsed = new java.util.HashMap<>();

        @Override
        public void quotaUsed(String businessId, int countedContacts, int limit) {
            quotaUsed.put(businessId, countedContacts);
        }

        @Override
        public void fenceGapSkipped(String topic, int partition, long from, long to) {
            fenceGapsSkipped++;
        }

        @Override
        public void misrouted(String topic, int partition, long offset, int home) {
            misrouted.add(topic + "-" + partition + "@" + offset + "->" + home);
        }
    }

    private static String stateDir(Path under) {
        try {
            return Files.createTempDirectory(Files.isDirectory(under) ? under : Path.of(System.getProperty("java.io.tmpdir")), "send-gate-ttd").toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
