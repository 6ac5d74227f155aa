package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A request parked in {@value GateTopology#PENDING_REQUESTS_STORE} until its fence is reached: its
 * record key, its (shifted) record timestamp and the request itself.
 */
record PendingRequest(String key, long timestamp, SendRequest request) {

    /** Timestamp, key length, key (UTF-8), then the request in the contract's wire format; null is a deletion. */
    static Serde<PendingRequest> serde(Serde<SendRequest> requests) {
        String topic = Topics.OUTBOUND_REQUESTS.name();
        Serializer<PendingRequest> serializer = (ignored, pending) -> {
            if (pending == null) {
                return null;
            }
            byte[] key = pending.key().getBytes(StandardCharsets.UTF_8);
            byte[] request = requests.serializer().serialize(topic, pending.request());
            return ByteBuffer.allocate(Long.BYTES + Integer.BYTES + key.length + request.length)
                    .putLong(pending.timestamp()).putInt(key.length).put(key).put(request).array();
        };
        Deserializer<PendingRequest> deserializer = (ignored, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long timestamp = buffer.getLong();
            byte[] key = new byte[buffer.getInt()];
            buffer.get(key);
            byte[] request = new byte[buffer.remaining()];
            buffer.get(request);
            return new PendingRequest(new String(key, StandardCharsets.UTF_8), timestamp, requests.deserializer().deserialize(topic, request));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
