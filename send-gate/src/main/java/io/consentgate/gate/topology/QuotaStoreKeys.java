package io.consentgate.gate.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * The keys of {@link GateTopology#QUOTA_STORE}, one business's. Four kinds, so that an admission reads and writes a
 * few small records whatever the business has counted:
 * <ul>
 *   <li>{@code 0xF5 len business} → {@link QuotaSummary}: how many are counted, and what has been forgotten;</li>
 *   <li>{@code 0xF6 len business contact} → when the contact was counted (8 bytes, epoch millis);</li>
 *   <li>{@code 0xF7 len business time contact} → nothing: the time index, oldest first, for expiry and the k-th oldest;</li>
 *   <li>{@code business} (UTF-8, nothing else) → the old one-value format ({@code QuotaBlob}), read once to migrate.</li>
 * </ul>
 * Why the tag bytes 0xF5..0xF7: they never occur in UTF-8, and an old key is a business id as Kafka's StringSerializer
 * wrote it (always valid UTF-8: an unpaired surrogate becomes '?'), so no new key can be an old one.
 * Why the length prefix (4 bytes): business ids and contacts may hold any character (only '|' is kept out of a
 * business id, by ContactKey), so without it business "a" with contact "bc" and business "ab" with contact "c" would
 * share a key, and a range over one business's index could run into another's. With it, one business's keys of a kind
 * share a prefix that no other business's keys start with. The contact is last, so it needs no length.
 * Why the time is big-endian with its sign bit flipped: RocksDB orders keys by unsigned bytes, which is then the order
 * of the signed epoch millis.
 */
final class QuotaStoreKeys {

    private static final byte SUMMARY = (byte) 0xF5;
    private static final byte CONTACT = (byte) 0xF6;
    private static final byte BY_TIME = (byte) 0xF7;
    private static final int TIME_BYTES = Long.BYTES;

    private final byte[] business;

    QuotaStoreKeys(String businessId) {
        this.business = businessId.getBytes(StandardCharsets.UTF_8);
    }

    Bytes oldFormat() {
        return Bytes.wrap(business);
    }

    Bytes summary() {
        return Bytes.wrap(prefix(SUMMARY, 0).array());
    }

    Bytes contact(String contact) {
        byte[] contactBytes = contact.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(prefix(CONTACT, contactBytes.length).put(contactBytes).array());
    }

    Bytes byTime(long epochMillis, String contact) {
        byte[] contactBytes = contact.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(prefix(BY_TIME, TIME_BYTES + contactBytes.length).putLong(epochMillis ^ Long.MIN_VALUE).put(contactBytes).array());
    }

    /** The first key of the time index that can hold a contact counted at this time or later. */
    Bytes byTimeFrom(long epochMillis) {
        return Bytes.wrap(prefix(BY_TIME, TIME_BYTES).putLong(epochMillis ^ Long.MIN_VALUE).array());
    }

    /** Past every key of the time index counted at this time or earlier (a contact's UTF-8 never holds 0xFF). */
    Bytes byTimeThrough(long epochMillis) {
        return Bytes.wrap(prefix(BY_TIME, TIME_BYTES + 1).putLong(epochMillis ^ Long.MIN_VALUE).put((byte) 0xFF).array());
    }

    /** When the contact of a time-index key was counted, in epoch millis. */
    long timeOf(Bytes byTimeKey) {
        return ByteBuffer.wrap(byTimeKey.get(), 1 + Integer.BYTES + business.length, TIME_BYTES).getLong() ^ Long.MIN_VALUE;
    }

    String contactOf(Bytes byTimeKey) {
        int from = 1 + Integer.BYTES + business.length + TIME_BYTES;
        return new String(byTimeKey.get(), from, byTimeKey.get().length - from, StandardCharsets.UTF_8);
    }

    private ByteBuffer prefix(byte kind, int rest) {
        return ByteBuffer.allocate(1 + Integer.BYTES + business.length + rest).put(kind).putInt(business.length).put(business);
    }
}
