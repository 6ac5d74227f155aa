package io.consentgate.gate.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Requests to a person (a BSUID) with linked phone numbers, waiting until they passed the fence of each phone
 * number (docs/identity.md): how many are still out, per request, in {@value GateTopology#IDENTITY_VISITS_STORE}
 * (changelogged, so a restart keeps counting where it was).
 */
final class IdentityVisits {

    private final KeyValueStore<String, Integer> store;

    IdentityVisits(KeyValueStore<String, Integer> store) {
        this.store = store;
    }

    void start(PendingRequest pending, int identities) {
        store.put(id(pending), identities);
    }

    /** One identity's fence is passed; true when it was the last one out (or the request was not counted: decide it). */
    boolean passed(PendingRequest pending) {
        String id = id(pending);
        Integer out = store.get(id);
        if (out == null || out <= 1) {
            store.delete(id);
            return true;
        }
        store.put(id, out - 1);
        return false;
    }

    private static String id(PendingRequest pending) {
        return pending.key() + "|" + pending.request().getRequestId() + "|" + pending.timestamp();
    }
}
