package io.consentgate.gate.topology;

import java.nio.ByteBuffer;

/**
 * One business's summary in {@link GateTopology#QUOTA_STORE}, so that no admission counts or scans what it can read.
 *
 * @param count             contacts counted (the time index's size)
 * @param forgottenThrough  epoch millis: the time index holds nothing counted at or before it. Expiry and the k-th
 *                          oldest start reading after it, so they do not walk over what expiry deleted (RocksDB keeps
 *                          a deleted key as a tombstone until compaction, and an iterator steps over each one)
 * @param rankFromNewest    with {@code countedAt}, the last k-th oldest looked up, named by its rank counted from the
 *                          newest (0 = none): see {@link StoredCountedContacts#countedAtOfOldest}
 * @param countedAt         epoch millis of that contact
 */
record QuotaSummary(int count, long forgottenThrough, int rankFromNewest, long countedAt) {

    static final QuotaSummary NONE = new QuotaSummary(0, Long.MIN_VALUE, 0, 0);
    private static final byte FORMAT_VERSION = 2;
    private static final int SIZE = 1 + Integer.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES;

    static QuotaSummary fromBytes(byte[] bytes) {
        if (bytes == null) {
            return NONE;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != SIZE || in.get() != FORMAT_VERSION) {
            throw new IllegalArgumentException("business quota summary is not of format version " + FORMAT_VERSION + " (" + bytes.length + " bytes)");
        }
        return new QuotaSummary(in.getInt(), in.getLong(), in.getInt(), in.getLong());
    }

    byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).put(FORMAT_VERSION).putInt(count).putLong(forgottenThrough).putInt(rankFromNewest).putLong(countedAt).array();
    }

    /** One more counted at {@code at}: the index may now hold something at or before what was forgotten (a clock set back). */
    QuotaSummary counted(long at) {
        return new QuotaSummary(count + 1, Math.min(forgottenThrough, at - 1), 0, 0);
    }

    QuotaSummary forgot(int forgotten, long horizon) {
        return new QuotaSummary(count - forgotten, Math.max(forgottenThrough, horizon), rankFromNewest, countedAt);
    }

    QuotaSummary recounted(long at) {
        return new QuotaSummary(count, Math.min(forgottenThrough, at - 1), 0, 0);
    }

    QuotaSummary looked(int rankFromNewest, long countedAt) {
        return new QuotaSummary(count, forgottenThrough, rankFromNewest, countedAt);
    }
}
