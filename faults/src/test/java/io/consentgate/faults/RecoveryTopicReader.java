package io.consentgate.faults;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a contract topic, decoded, as a consumer of it would: read_committed (only what an exactly-once writer really
 * committed), from the beginning (or given offsets) to the end it has when the read starts.
 */
final class RecoveryTopicReader {

    private RecoveryTopicReader() {
    }

    /** Every committed record of the topic, from its beginning to its end as it is now. */
    static <V extends SpecificRecord> List<ConsumerRecord<String, V>> readAll(String bootstrapServers, Topic<V> topic,
                                                                              SchemaRegistryClient registry, Duration timeout) {
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        forEach(bootstrapServers, topic, registry, Map.of(), timeout, records::add);
        return records;
    }

    /**
     * Hands every committed record from {@code from} (per partition; absent = the beginning) to the topic's end as it is
     * now to {@code action}; returns how many there were.
     */
    static <V extends SpecificRecord> long forEach(String bootstrapServers, Topic<V> topic, SchemaRegistryClient registry,
                                                   Map<TopicPartition, Long> from, Duration timeout,
                                                   Consumer<ConsumerRecord<String, V>> action) {
        try (var consumer = TopicClients.consumer(bootstrapServers, topic, registry)) {
            Set<TopicPartition> partitions = consumer.assignment();
            from.forEach((partition, offset) -> {
                if (partitions.contains(partition)) {
                    consumer.seek(partition, offset);
                }
            });
            return TopicReader.readToEnd(consumer, topic.name(), timeout, action);
        }
    }

    /** The topic's end offsets now (read_committed: the last stable offsets). */
    static Map<TopicPartition, Long> endOffsets(String bootstrapServers, Topic<?> topic, SchemaRegistryClient registry) {
        try (var consumer = TopicClients.consumer(bootstrapServers, topic, registry)) {
            return consumer.endOffsets(consumer.assignment());
        }
    }
}
