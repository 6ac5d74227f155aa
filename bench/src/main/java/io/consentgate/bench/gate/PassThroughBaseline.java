package io.consentgate.bench.gate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The ceiling the gate is measured against: a Kafka Streams app that does the least a stateful per-contact
 * decision must do — one RocksDB read and one write per record (with its changelog) and one output record — with
 * the gate's own guarantee, commit interval, producer linger and fetch batching, on the same records. Runs in the benchmark's JVM.
 */
final class PassThroughBaseline implements AutoCloseable {

    static final String INPUT = "bench-baseline-requests";
    static final String OUTPUT = "bench-baseline-decisions";
    static final String APPLICATION_ID = "bench-baseline";
    private static final String STORE = "bench-baseline-store";

    private final KafkaStreams streams;

    PassThroughBaseline(String bootstrapServers, Path stateDir, GateJar.StreamsDefaults gate) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        putIfSet(config, StreamsConfig.PROCESSING_GUARANTEE_CONFIG, gate.processingGuarantee());
        putIfSet(config, StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, gate.commitIntervalMs());
        putIfSet(config, StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), gate.lingerMs());
        putIfSet(config, StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), gate.fetchMinBytes());
        putIfSet(config, StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), gate.fetchMaxWaitMs());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        streams = new KafkaStreams(topology(), config);
    }

    static Topology topology() {
        Topology topology = new Topology();
        topology.addSource("requests", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), INPUT);
        topology.addProcessor("read-and-write", ReadAndWrite::new, "requests");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
                "read-and-write");
        topology.addSink("decisions", OUTPUT, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "read-and-write");
        return topology;
    }

    private static void putIfSet(Properties config, String name, String value) {
        if (value != null) {
            config.put(name, value);
        }
    }

    void start() {
        streams.start();
    }

    boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }

    /** Reads the key's previous record, stores this one, passes it on. */
    private static final class ReadAndWrite implements Processor<String, byte[], String, byte[]> {

        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            store.get(record.key());
            store.put(record.key(), record.value());
            context.forward(record);
        }
    }
}
