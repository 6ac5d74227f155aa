package io.consentgate.faults;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.RejectionReason;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.PollingThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every decision the gate has committed — {@code approved-sends} and {@code send-rejections}, read_committed, from
 * the beginning — by request id, read on a thread of its own while the scenario runs. What a downstream consumer
 * of the gate would see: an aborted transaction's decisions never show.
 */
final class DecisionLog implements AutoCloseable {

    /** One decision as the oracle compares it. */
    record Decided(String requestId, boolean approved, RejectionReason reason, ApprovalBasis basis, String consentId, Instant decidedAt,
                   long readAtMillis) {

        String describe() {
            return approved ? "APPROVED " + basis + (consentId == null ? "" : " " + consentId)
                    : "REJECTED " + reason + (consentId == null ? "" : " " + consentId);
        }
    }

    /** Counted over the requests sent: none decided (lost), more than one decision (duplicated). */
    record Counts(long decisions, long lost, long duplicated, List<String> firstLost, List<String> firstDuplicated) {
    }

    private final DecisionDecoder decoder;
    private final Map<String, List<Decided>> byRequest = new ConcurrentHashMap<>();
    private final PollingThread<byte[], byte[]> reader;

    DecisionLog(String bootstrapServers, SchemaRegistryClient registry) {
        decoder = new DecisionDecoder(registry);
        reader = new PollingThread<>("decision-log", TopicReader.rawFromBeginning(bootstrapServers, DecisionDecoder.TOPICS), records -> {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Decided decided = decoder.decode(record);
                byRequest.computeIfAbsent(decided.requestId(), id -> new CopyOnWriteArrayList<>()).add(decided);
            }
        });
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

    /**
     * The wall clock at which this reader read the earliest first decision of a request, among those read in
     * {@code [fromMillis, untilMillis]}; -1 if none was. The reader is a consumer too: after an outage it reconnects
     * like the gate does, and its own delay is part of the figure.
     */
    long firstReadBetween(long fromMillis, long untilMillis) {
        return byRequest.values().stream().filter(decided -> !decided.isEmpty()).mapToLong(decided -> decided.getFirst().readAtMillis())
                .filter(at -> at >= fromMillis && at <= untilMillis).min().orElse(-1);
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
        reader.check();
    }

    @Override
    public void close() throws InterruptedException {
        reader.close();
    }
}
