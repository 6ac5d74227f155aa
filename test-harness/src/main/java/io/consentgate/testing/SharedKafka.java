package io.consentgate.testing;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One real Kafka broker per test JVM, started on first use with every topic of the topic registry ({@link Topics#ALL})
 * (and its dead-letter topic), shared by all tests and stopped when the JVM exits. Tests isolate
 * themselves by their keys (or by a topic of their own, {@link #createTopic}), never by restarting it.
 *
 * <p>By default the embedded KRaft broker of spring-kafka-test; {@code -Dconsentgate.kafka=testcontainers}
 * runs the Apache Kafka image instead. {@code -Dconsentgate.kafka.partitions} sets the partition count of
 * the contract topics (default 3, so that keying mistakes show).
 */
public final class SharedKafka {

    public static final String PARTITIONS_PROPERTY = "consentgate.kafka.partitions";

    private static final Once<SharedBroker> BROKER = new Once<>(SharedKafka::startWithContractTopics);

    public static String bootstrapServers() {
        return BROKER.get().bootstrapServers();
    }

    /** The partition count of every contract topic. */
    public static int partitions() {
        return Integer.getInteger(PARTITIONS_PROPERTY, 3);
    }

    /** Creates a topic outside the contract (nothing happens if it exists). */
    public static void createTopic(String name, int partitions) {
        KafkaTopics.createTopic(bootstrapServers(), name, partitions);
    }

    /** A producer of the topic, registering its schema in the shared registry. */
    public static <V extends SpecificRecord> Producer<String, V> producer(Topic<V> topic) {
        return producer(topic, SharedRegistry.client());
    }

    public static <V extends SpecificRecord> Producer<String, V> producer(Topic<V> topic, SchemaRegistryClient registry) {
        return TopicClients.producer(bootstrapServers(), topic, registry);
    }

    /** A consumer of the whole topic from its beginning, decoding through the shared registry. */
    public static <V extends SpecificRecord> Consumer<String, V> consumer(Topic<V> topic) {
        return consumer(topic, SharedRegistry.client());
    }

    public static <V extends SpecificRecord> Consumer<String, V> consumer(Topic<V> topic, SchemaRegistryClient registry) {
        return TopicClients.consumer(bootstrapServers(), topic, registry);
    }

    /** A consumer of the raw bytes of a topic from its beginning. */
    public static Consumer<String, byte[]> rawConsumer(String topicName) {
        return TopicClients.rawConsumer(bootstrapServers(), topicName);
    }

    private static SharedBroker startWithContractTopics() {
        SharedBroker broker = SharedBroker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "shared-kafka-shutdown"));
        KafkaTopics.createContractTopics(broker.bootstrapServers(), partitions());
        return broker;
    }

    private SharedKafka() {
    }
}
