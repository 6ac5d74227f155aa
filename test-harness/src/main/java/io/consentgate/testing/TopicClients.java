package io.consentgate.testing;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Producers and consumers of a contract topic with its serdes: the key as a UTF-8 string (a
 * {@code ContactKey.toString()} or a businessId, as the topic's key format says), the value in the
 * Confluent Avro wire format through the given registry.
 */
public final class TopicClients {

    /** An idempotent producer that waits for every replica (acks=all), as the services' producers do. */
    public static <V extends SpecificRecord> Producer<String, V> producer(
            String bootstrapServers, Topic<V> topic, SchemaRegistryClient registry) {
        return producer(bootstrapServers, topic, registry, Map.of());
    }

    /** The same producer with {@code batching} on top (linger, batch size: how a load generator writes). */
    public static <V extends SpecificRecord> Producer<String, V> producer(
            String bootstrapServers, Topic<V> topic, SchemaRegistryClient registry, Map<String, Object> batching) {
        return new KafkaProducer<>(producerConfigs(bootstrapServers, batching), new StringSerializer(), AvroSerde.forTopic(topic, registry).serializer());
    }

    /** The same producer for values already in their wire format (or not in any: garbage for a dead-letter test). */
    public static Producer<String, byte[]> rawProducer(String bootstrapServers, Map<String, Object> batching) {
        return new KafkaProducer<>(producerConfigs(bootstrapServers, batching), new StringSerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> producerConfigs(String bootstrapServers, Map<String, Object> batching) {
        Map<String, Object> configs = new HashMap<>(batching);
        configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        configs.put(ProducerConfig.ACKS_CONFIG, "all");
        configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return configs;
    }

    /** Reads every partition of the topic from the beginning; see {@link #readFromBeginning}. */
    public static <V extends SpecificRecord> Consumer<String, V> consumer(
            String bootstrapServers, Topic<V> topic, SchemaRegistryClient registry) {
        return readFromBeginning(bootstrapServers, topic.name(), AvroSerde.forTopic(topic, registry).deserializer());
    }

    /** Reads the bytes exactly as they are on the wire, e.g. to check the wire format or a dead-letter topic. */
    public static Consumer<String, byte[]> rawConsumer(String bootstrapServers, String topicName) {
        return readFromBeginning(bootstrapServers, topicName, new ByteArrayDeserializer());
    }

    /**
     * A consumer assigned to every partition of the topic at its beginning, in no consumer group: a test
     * sees the whole topic without waiting for a group to form, and commits nothing. It reads committed
     * records only, so that it sees what an exactly-once service has really written.
     */
    private static <V> Consumer<String, V> readFromBeginning(
            String bootstrapServers, String topicName, Deserializer<V> valueDeserializer) {
        Map<String, Object> configs = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        Consumer<String, V> consumer = new KafkaConsumer<>(configs, new StringDeserializer(), valueDeserializer);
        List<TopicPartition> partitions = consumer.partitionsFor(topicName).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            consumer.close();
            throw new IllegalArgumentException("topic " + topicName + " does not exist: create it first "
                    + "(the contract topics exist already; a test's own topic with createTopic)");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    private TopicClients() {
    }
}
