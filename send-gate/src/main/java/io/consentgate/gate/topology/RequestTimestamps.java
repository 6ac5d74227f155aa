package io.consentgate.gate.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Puts each request one millisecond after its record timestamp. A task takes its input records in
 * timestamp order, but two records of the same millisecond come in no defined order: an opt-out
 * acknowledged in the same millisecond the request was produced could be taken after it. Shifted,
 * a request always sorts after every contact event that reached Kafka before it.
 */
final class RequestTimestamps implements TimestampExtractor {

    /** How far a request is moved; decision latency is measured from its original timestamp. */
    static final long SHIFT_MILLIS = 1;

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long timestamp = record.timestamp();
        return timestamp < 0 ? partitionTime : timestamp + SHIFT_MILLIS;
    }

    /** The request record's own timestamp, from the shifted one the topology carries. */
    static long original(long shifted) {
        return shifted - SHIFT_MILLIS;
    }
}
