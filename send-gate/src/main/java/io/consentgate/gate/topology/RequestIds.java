package io.consentgate.gate.topology;

import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.schemas.ContactKey;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The request ids decided within the duplicate retention, in the window store
 * {@value GateTopology#REQUEST_IDS_STORE}, keyed by contact and request id: requests are keyed
 * per contact, so a retry of a request lands in the same task and finds its id. A request id
 * reused for a different contact is a different request. The gate's only memory of request ids;
 * the core's {@link io.consentgate.domain.decision.SendPolicy} reads it as {@link DecidedRequests}.
 */
final class RequestIds {

    private final ReadOnlyWindowStore<String, Long> store;
    private final long retentionMillis;

    RequestIds(ReadOnlyWindowStore<String, Long> store, Duration retention) {
        this.store = store;
        this.retentionMillis = retention.toMillis();
    }

    /** The contact's request ids decided within the retention around {@code requestTimestamp}, with when each was decided. */
    DecidedRequests decidedFor(ContactKey contact, long requestTimestamp) {
        long from = Math.max(0, requestTimestamp - retentionMillis);
        long to = requestTimestamp + retentionMillis;
        return requestId -> {
            try (WindowStoreIterator<Long> seen = fetch(key(contact, requestId), from, to)) {
                return seen.hasNext() ? Instant.ofEpochMilli(seen.next().value) : null;
            }
        };
    }

    /**
     * The stream's own store is read by milliseconds: the Instant overload builds a String.format message per call
     * to check its arguments (~1% of the stream thread in the end-to-end profile, docs/decisions.md). Interactive
     * queries (the explain endpoint) only offer the Instant one.
     */
    private WindowStoreIterator<Long> fetch(String key, long from, long to) {
        if (store instanceof WindowStore<String, Long> own) {
            return own.fetch(key, from, to);
        }
        return store.fetch(key, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to));
    }

    void remember(ContactKey contact, String requestId, long requestTimestamp, Instant decidedAt) {
        if (!(store instanceof WindowStore<String, Long> writable)) {
            throw new IllegalStateException("request ids read through interactive queries are read-only");
        }
        writable.put(key(contact, requestId), decidedAt.toEpochMilli(), requestTimestamp);
    }

    private static String key(ContactKey contact, String requestId) {
        return contact + "|" + requestId;
    }
}
