package io.consentgate.bench.gate;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.PollingThread;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads every decision as it is committed — the gate's {@code approved-sends} and {@code send-rejections}, the
 * baseline's output — on its own thread, and counts it in the {@link Tally} its request id names. A decision's
 * latency is its arrival here minus the request's timestamp (the producer sets record timestamp and
 * {@code requestedAt} to the same instant; one machine, one clock). Reads committed records only: what an
 * exactly-once writer has really written.
 */
final class DecisionReader implements AutoCloseable {

    /** The request a decision answers, by the topic the decision is on. */
    private final Map<String, Deserializer<SendRequest>> requestByTopic;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
    private final PollingThread<byte[], byte[]> reader;

    DecisionReader(String bootstrapServers, SchemaRegistryClient registry, String baselineOutput) {
        Deserializer<ApprovedSend> approvals = AvroSerde.forTopic(Topics.APPROVED_SENDS, registry).deserializer();
        Deserializer<SendRejection> rejections = AvroSerde.forTopic(Topics.SEND_REJECTIONS, registry).deserializer();
        Deserializer<SendRequest> passedThrough = AvroSerde.forTopic(Topics.OUTBOUND_REQUESTS, registry).deserializer();
        requestByTopic = Map.of(
                Topics.APPROVED_SENDS.name(), (topic, bytes) -> approvals.deserialize(topic, bytes).getRequest(),
                Topics.SEND_REJECTIONS.name(), (topic, bytes) -> rejections.deserialize(topic, bytes).getRequest(),
                baselineOutput, passedThrough);
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : requestByTopic.keySet()) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);   // resolve "end" now: only decisions from here on count
        reader = new PollingThread<>("decision-reader", consumer, records -> {
            long arrivedAt = System.currentTimeMillis();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                count(record, arrivedAt);
            }
        });
    }

    /** Counts the decisions whose request id starts with the tally's prefix from now on. */
    Tally track(Tally tally) {
        tallies.put(tally.prefix(), tally);
        return tally;
    }

    private void count(ConsumerRecord<byte[], byte[]> record, long arrivedAt) {
        SendRequest request = requestByTopic.get(record.topic()).deserialize(record.topic(), record.value());
        String requestId = request.getRequestId();
        int dash = requestId.lastIndexOf('-');
        Tally tally = dash < 0 ? null : tallies.get(requestId.substring(0, dash));
        if (tally != null) {
            // requestedAt, not the decision's record timestamp: the gate reads a request 1 ms after its timestamp.
            tally.decision(Integer.parseInt(requestId, dash + 1, requestId.length(), 10), request.getRequestedAt().toEpochMilli(), arrivedAt);
        }
    }

    /** Throws what stopped the reader, if anything did: the figures would be wrong. */
    void check() {
        reader.check();
    }

    @Override
    public void close() throws InterruptedException {
        reader.close();
    }
}
