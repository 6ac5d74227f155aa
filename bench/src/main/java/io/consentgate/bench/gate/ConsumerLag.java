package io.consentgate.bench.gate;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a Kafka Streams app (its consumer group is its application id) is behind on some topics: the warm-up
 * is over when the gate has consumed every contact event, since those produce no output to wait for.
 */
final class ConsumerLag implements AutoCloseable {

    private final Admin admin;

    ConsumerLag(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** Waits until {@code group} has committed the end of every partition of {@code topics}; reports the lag as it goes. */
    void awaitCaughtUp(String group, List<String> topics, Duration timeout, LongConsumer lag) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long behind;
        while ((behind = lag(group, topics)) > 0) {
            lag.accept(behind);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " is still " + behind + " records behind on " + topics + " after " + timeout);
            }
            Thread.sleep(200);
        }
        lag.accept(0);
    }

    private long lag(String group, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
                partition -> ends.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(ends).all().get();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        long behind = 0;
        for (var partition : end.entrySet()) {
            OffsetAndMetadata offset = committed.get(partition.getKey());
            behind += partition.getValue().offset() - (offset == null ? 0 : offset.offset());
        }
        return behind;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
