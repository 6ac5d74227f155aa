package io.consentgate.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics as a consumer of them would: read_committed (only what an exactly-once writer really committed), in
 * no consumer group (nothing to wait for, nothing committed). Either to the end a topic has when the read starts, or
 * live on a thread of the caller's.
 */
final class TopicReader {

    /** Room for a dead letter: a record just under the broker's 1 MB plus its headers. */
    private static final int MAX_FETCH_BYTES = 2 * 1_048_576;

    private TopicReader() {
    }

    /** Bytes as they are on the wire, keys included, from the beginning of every partition of {@code topics}. */
    static Consumer<byte[], byte[]> rawFromBeginning(String bootstrapServers, List<String> topics) {
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_FETCH_BYTES,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Every committed record of the topic, as bytes, from the beginning to its end as it is now. */
    static List<ConsumerRecord<byte[], byte[]>> readAllRaw(String bootstrapServers, String topic, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = rawFromBeginning(bootstrapServers, List.of(topic))) {
            readToEnd(consumer, topic, timeout, records::add);
        }
        return records;
    }

    /**
     * Hands every record from the consumer's positions to the end its partitions have now to {@code action}; returns
     * how many there were. The end is taken first, so a topic still being written does not keep the read going.
     */
    static <K, V> long readToEnd(Consumer<K, V> consumer, String topic, Duration timeout,
                                 java.util.function.Consumer<ConsumerRecord<K, V>> action) {
        Set<TopicPartition> partitions = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        long count = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<K, V> record : consumer.poll(Duration.ofMillis(200))) {
                action.accept(record);
                count++;
            }
        }
        return count;
    }
}
