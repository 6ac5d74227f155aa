package io.consentgate.testing;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topic.Retention;
import io.consentgate.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on a test cluster: the contract's, from the topic registry, and test-private ones. One replica on a
 * single broker; on a {@link KafkaClusterProcess}, as many as asked and all but one of them in sync for a write.
 */
public final class KafkaTopics {

    private static final short REPLICATION_FACTOR = 1;
    private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Every topic of {@link Topics#ALL} and its dead-letter topic. Dead letters are always a plain log: they
     * park the records that failed, and compaction would silently drop all but the last one per key.
     * Topics that already exist are left as they are (a restarted broker keeps them).
     */
    public static void createContractTopics(String bootstrapServers, int partitions) {
        createContractTopics(bootstrapServers, partitions, REPLICATION_FACTOR);
    }

    /** As {@link #createContractTopics(String, int)}, with {@code replicas} copies and {@code min.insync.replicas} one less. */
    public static void createContractTopics(String bootstrapServers, int partitions, int replicas) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            topics.add(newTopic(topic.name(), partitions, (short) replicas, topic.retention()));
            topics.add(newTopic(topic.deadLetterTopic(), partitions, (short) replicas, Retention.DELETE));
        }
        create(bootstrapServers, topics);
    }

    /** A topic outside the contract, e.g. one that only a single test writes to. */
    public static void createTopic(String bootstrapServers, String name, int partitions) {
        create(bootstrapServers, List.of(newTopic(name, partitions, REPLICATION_FACTOR, Retention.DELETE)));
    }

    private static NewTopic newTopic(String name, int partitions, short replicas, Retention retention) {
        Map<String, String> configs = new HashMap<>(retention.topicConfigs());
        configs.put("min.insync.replicas", Integer.toString(Math.max(1, replicas - 1)));
        return new NewTopic(name, partitions, replicas).configs(configs);
    }

    private static void create(String bootstrapServers, List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            for (var result : admin.createTopics(topics).values().entrySet()) {
                awaitCreated(result.getKey(), result.getValue());
            }
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
        }
    }

    /**
     * A created topic is in the metadata a moment before its leader serves it: a first produce in between
     * is retried with a NOT_LEADER warning. Offsets are answered by the leader only, so once they are, it serves.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) {
        // A broker that has just started (or a busy machine) may answer "no leader" for a few seconds: ask again.
        long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().values().forEach(topic -> topic.partitions().forEach(
                        partition -> partitions.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " have no leader after " + LEADERS_TIMEOUT.toSeconds() + " s: "
                            + e.getCause(), e.getCause());
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the leaders of " + topics, e);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for topic leaders", e);
        }
    }

    private static void awaitCreated(String topic, KafkaFuture<Void> creation) {
        try {
            creation.get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        }
    }

    private KafkaTopics() {
    }
}
