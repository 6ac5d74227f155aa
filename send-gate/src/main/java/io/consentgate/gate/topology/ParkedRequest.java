package io.consentgate.gate.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A value of a parked-request store ({@link PendingRequests}): a request with its arrival sequence, or, under the store's
 * progress key, the first sequence not yet decided (then without a request). A value written before issue 17's sixth
 * pass is a bare {@link PendingRequest} stored under its sequence; it is read as {@code legacy}, with that sequence.
 *
 * @param legacy whether the value came in the earlier format (its key is its sequence, and nothing but a delete removes it)
 */
record ParkedRequest(long sequence, PendingRequest request, boolean legacy) {

    /**
     * Leads every value of this format. An earlier value starts with its record timestamp, a non-negative long below
     * 2^56 (the year 2.2 million), so its first byte is 0.
     */
    private static final byte FORMAT = 1;

    static ParkedRequest of(long sequence, PendingRequest request) {
        return new ParkedRequest(sequence, request, false);
    }

    /** Format byte, sequence, then the {@link PendingRequest}'s own bytes (none for the progress mark); null is a deletion. */
    static Serde<ParkedRequest> serde(Serde<PendingRequest> requests) {
        Serializer<PendingRequest> requestWriter = requests.serializer();
        Deserializer<PendingRequest> requestReader = requests.deserializer();
        Serializer<ParkedRequest> serializer = (topic, parked) -> {
            if (parked == null) {
                return null;
            }
            byte[] request = parked.request() == null ? new byte[0] : requestWriter.serialize(topic, parked.request());
            return ByteBuffer.allocate(1 + Long.BYTES + request.length).put(FORMAT).putLong(parked.sequence()).put(request).array();
        };
        Deserializer<ParkedRequest> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes[0] != FORMAT) {
                return new ParkedRequest(LEGACY_SEQUENCE_IS_THE_KEY, requestReader.deserialize(topic, bytes), true);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            long sequence = buffer.getLong();
            byte[] request = new byte[buffer.remaining()];
            buffer.get(request);
            return of(sequence, request.length == 0 ? null : requestReader.deserialize(topic, request));
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A legacy value does not carry its sequence: its key is the sequence ({@link PendingRequests#reload}). */
    static final long LEGACY_SEQUENCE_IS_THE_KEY = -1;
}
