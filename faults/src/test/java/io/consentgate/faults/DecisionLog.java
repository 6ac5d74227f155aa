package io.consentgate.faults;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every decision the gate has committed — {@code approved-sends} and {@code send-rejections}, read_committed, from
 * the beginning — by request id, read on a thread of its own while the scenario runs. What a downstream consumer
 * of the gate would see: an aborted transaction's decisions never show.
 */
final class DecisionLog implements AutoCloseable {

    /** One decision as the oracle compares it. */
    record Decided(String requestId, boolean approved, RejectionReason reason, ApprovalBasis basis, String consentId, Instant decidedAt) {

        String describe() {
            return approved ? "APPROVED " + basis + (consentId == null ? "" : " " + consentId)
                    : "REJECTED " + reason + (consentId == null ? "" : " " + consentId);
        }
    }

    /** Counted over the requests sent: none decided (lost), more than one decision (duplicated). */
    record Counts(long decisions, long lost, long duplicated, List<String> firstLost, List<String> firstDuplicated) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<ApprovedSend> approvals;
    private final Deserializer<SendRejection> rejections;
    private final Map<String, List<Decided>> byRequest = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    DecisionLog(String bootstrapServers, SchemaRegistryClient registry) {
        approvals = AvroSerde.forTopic(Topics.APPROVED_SENDS, registry).deserializer();
        rejections = AvroSerde.forTopic(Topics.SEND_REJECTIONS, registry).deserializer();
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.APPROVED_SENDS.name(), Topics.SEND_REJECTIONS.name())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = Thread.ofPlatform().name("decision-log").start(this::run);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Decided decided = decode(record);
                    byRequest.computeIfAbsent(decided.requestId(), id -> new CopyOnWriteArrayList<>()).add(decided);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private Decided decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(Topics.APPROVED_SENDS.name())) {
            ApprovedSend approved = approvals.deserialize(record.topic(), record.value());
            return new Decided(approved.getRequest().getRequestId(), true, null, approved.getBasis(), approved.getConsentId(), approved.getDecidedAt());
        }
        SendRejection rejected = rejections.deserialize(record.topic(), record.value());
        return new Decided(rejected.getRequest().getRequestId(), false, rejected.getReason(), null, rejected.getConsentId(), rejected.getDecidedAt());
    }

    /** Waits until every one of {@code requestIds} has a decision, or {@code timeout} passes; true if all have one. */
    boolean awaitDecided(Collection<String> requestIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(requestIds);
        while (true) {
            check();
            waiting.removeIf(byRequest::containsKey);
            if (waiting.isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    /** The request's decisions, in the order they were read (empty if none). */
    List<Decided> of(String requestId) {
        return byRequest.getOrDefault(requestId, List.of());
    }

    Counts count(Collection<String> requestIds) {
        long decisions = 0;
        long lost = 0;
        long duplicated = 0;
        List<String> firstLost = new ArrayList<>();
        List<String> firstDuplicated = new ArrayList<>();
        for (String id : requestIds) {
            List<Decided> decided = of(id);
            decisions += decided.size();
            if (decided.isEmpty()) {
                lost++;
                if (firstLost.size() < 5) {
                    firstLost.add(id);
                }
            } else if (decided.size() > 1) {
                duplicated++;
                if (firstDuplicated.size() < 5) {
                    firstDuplicated.add(id + " " + decided.stream().map(Decided::describe).toList());
                }
            }
        }
        return new Counts(decisions, lost, duplicated, firstLost, firstDuplicated);
    }

    /** Throws what stopped the reader, if anything did: the counts would be wrong. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("the decision log's reader failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
