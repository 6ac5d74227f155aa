package io.consentgate.gate.topology;

import io.consentgate.domain.quota.CountedContacts;
import io.consentgate.domain.quota.QuotaBlob;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One business's counted contacts in {@link GateTopology#QUOTA_STORE}, a few small records per contact
 * ({@link QuotaStoreKeys}) instead of one value holding them all: an admission reads the summary and the contact,
 * and writes what changed, whatever the business has counted; expiry deletes only what expired. Every write goes to
 * the task's store, so it is in the task's changelog, in the same transaction as the decision.
 */
final class StoredCountedContacts implements CountedContacts {

    private static final byte[] NOTHING = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private final QuotaStoreKeys keys;
    private QuotaSummary summary;

    private StoredCountedContacts(KeyValueStore<Bytes, byte[]> store, QuotaStoreKeys keys) {
        this.store = store;
        this.keys = keys;
        this.summary = QuotaSummary.fromBytes(store.get(keys.summary()));
    }

    /**
     * The business's counted contacts, after moving a value of the old one-value format, if the store still holds one,
     * into this layout (and deleting it), in this same processing. Fail closed: a contact counted in both keeps the
     * later time, so nothing counted is forgotten or counted shorter.
     */
    static StoredCountedContacts of(KeyValueStore<Bytes, byte[]> store, String businessId) {
        StoredCountedContacts counted = new StoredCountedContacts(store, new QuotaStoreKeys(businessId));
        byte[] oldFormat = store.get(counted.keys.oldFormat());
        if (oldFormat != null) {
            counted.takeOver(QuotaBlob.decode(oldFormat));
            store.delete(counted.keys.oldFormat());
        }
        return counted;
    }

    @Override
    public Instant countedAt(String contact) {
        byte[] at = store.get(keys.contact(contact));
        return at == null ? null : Instant.ofEpochMilli(ByteBuffer.wrap(at).getLong());
    }

    @Override
    public int size() {
        return summary.count();
    }

    @Override
    public void add(String contact, Instant at) {
        put(contact, at.toEpochMilli());
        save(summary.counted(at.toEpochMilli()));
    }

    @Override
    public void forgetCountedAtOrBefore(Instant horizon) {
        long through = horizon.toEpochMilli();
        if (through <= summary.forgottenThrough()) {
            return;
        }
        List<Bytes> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> oldestFirst = store.range(keys.byTimeFrom(summary.forgottenThrough() + 1), keys.byTimeThrough(through))) {
            oldestFirst.forEachRemaining(entry -> expired.add(entry.key));
        }
        if (expired.isEmpty()) {
            return; // nothing deleted, so nothing to step over: the summary need not move
        }
        for (Bytes byTime : expired) {
            store.delete(byTime);
            store.delete(keys.contact(keys.contactOf(byTime)));
        }
        save(summary.forgot(expired.size(), through));
    }

    /**
     * Walks the time index to the k-th oldest, then remembers it by its rank from the newest: while contacts are only
     * forgotten (oldest first) and none is counted, which is all that happens while the business is refused, the
     * contact of that rank stays the same, and a refusal after a downgrade asks for the same rank every time
     * (count − limit from the oldest is the limit-th from the newest). So the walk is paid once per downgrade, not per
     * refused request; counting a contact clears it.
     */
    @Override
    public Instant countedAtOfOldest(int index) {
        int rankFromNewest = summary.count() - index;
        if (summary.rankFromNewest() == rankFromNewest) {
            return Instant.ofEpochMilli(summary.countedAt());
        }
        try (KeyValueIterator<Bytes, byte[]> oldestFirst = store.range(keys.byTimeFrom(summary.forgottenThrough() + 1), keys.byTimeThrough(Long.MAX_VALUE))) {
            for (int i = 0; i < index; i++) {
                oldestFirst.next();
            }
            long at = keys.timeOf(oldestFirst.next().key);
            if (index > 0) {
                save(summary.looked(rankFromNewest, at)); // the oldest (index 0) is one step away: not worth a write
            }
            return Instant.ofEpochMilli(at);
        }
    }

    private void takeOver(Map<String, Instant> oldFormat) {
        QuotaSummary merged = summary;
        for (Map.Entry<String, Instant> counted : oldFormat.entrySet()) {
            long at = counted.getValue().toEpochMilli();
            Instant before = countedAt(counted.getKey());
            if (before == null) {
                put(counted.getKey(), at);
                merged = merged.counted(at);
            } else if (before.toEpochMilli() < at) {
                store.delete(keys.byTime(before.toEpochMilli(), counted.getKey()));
                put(counted.getKey(), at);
                merged = merged.recounted(at);
            }
        }
        save(merged);
    }

    private void put(String contact, long at) {
        store.put(keys.contact(contact), ByteBuffer.allocate(Long.BYTES).putLong(at).array());
        store.put(keys.byTime(at, contact), NOTHING);
    }

    private void save(QuotaSummary changed) {
        summary = changed;
        store.put(keys.summary(), changed.toBytes());
    }
}
