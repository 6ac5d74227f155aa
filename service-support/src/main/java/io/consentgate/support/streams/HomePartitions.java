package io.consentgate.support.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a keyed record belongs on: the one Java's default partitioner picks, murmur2 of the
 * key's UTF-8 bytes modulo the topic's partition count (Kafka Streams writes its repartition topics and
 * finds a key's instance the same way). A contact's events, requests and state all meet there; a record
 * a producer put elsewhere (librdkafka's default CRC32 partitioner, for one) is misrouted.
 */
public final class HomePartitions {

    private HomePartitions() {
    }

    /** The home partition of {@code key} on a topic of {@code partitionCount} partitions. */
    public static int of(String key, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitionCount);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** How many partitions a topic has. Read once per topic and instance: adding partitions moves every key, so it needs a restart anyway. */
    @FunctionalInterface
    public interface PartitionCounts {

        Duration ATTEMPT = Duration.ofSeconds(10);
        Duration PATIENCE = Duration.ofSeconds(60);

        int of(String topic);

        /** Every topic has {@code count} partitions (tests: a TopologyTestDriver reads partition 0 only). */
        static PartitionCounts fixed(int count) {
            return topic -> count;
        }

        /** Asks the broker, with a short-lived Admin client of {@code adminConfig}, once per topic. */
        static PartitionCounts fromBroker(Map<String, Object> adminConfig) {
            Map<String, Object> config = Map.copyOf(adminConfig);
            Map<String, Integer> known = new ConcurrentHashMap<>();
            return topic -> known.computeIfAbsent(topic, name -> describe(config, name));
        }

        /**
         * Asked when a task starts, where a failure would stop the streams client: a broker that is briefly unreachable
         * is waited for (within {@link #PATIENCE}, well inside the poll interval), only a lasting failure is one.
         */
        private static int describe(Map<String, Object> config, String topic) {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            try (Admin admin = Admin.create(config)) {
                while (true) {
                    try {
                        return admin.describeTopics(List.of(topic)).allTopicNames().get(ATTEMPT.toMillis(), TimeUnit.MILLISECONDS)
                                .get(topic).partitions().size();
                    } catch (ExecutionException | TimeoutException e) {
                        if (System.nanoTime() - deadline >= 0) {
                            throw new IllegalStateException("cannot read the partition count of " + topic + " (" + e + ") for "
                                    + PATIENCE.toSeconds() + " s; check that the service reaches the broker and may describe the topic", e);
                        }
                        Thread.sleep(ATTEMPT.toMillis() / 10);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the partition count of " + topic, e);
            }
        }
    }
}
