package io.consentgate.support.streams;

import io.consentgate.support.web.NotReadyException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;

/**
 * Which partition, and which instance, holds a key of a store: {@link KafkaStreams#queryMetadataForKey} for the
 * HTTP lookups. Every way it cannot say yet is an outage the caller waits out (503 with Retry-After), never a 500:
 * Kafka Streams throws a plain IllegalStateException when its state changes under the query (a rebalance that
 * fails, a shutdown between the caller's state check and the query), and answers NOT_AVAILABLE (partition -1)
 * while it does not know the assignment.
 */
public final class KeyOwner {

    private static final StringSerializer KEYS = new StringSerializer();

    private KeyOwner() {
    }

    /** The metadata of {@code key} in {@code store}, with a known partition; {@link NotReadyException} otherwise. */
    public static KeyQueryMetadata of(KafkaStreams streams, String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException e) {
            throw new NotReadyException("the streams are not running or rebalancing (" + streams.state() + "): retry in a few seconds", e);
        }
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata) || metadata.partition() < 0) {
            throw new NotReadyException("which instance holds this key is not known yet (starting or rebalancing, or application.server"
                    + " is not set): retry in a few seconds");
        }
        return metadata;
    }
}
