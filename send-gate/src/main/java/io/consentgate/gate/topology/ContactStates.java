package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.schemas.ContactKey;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The gate's own contact states in the {@value GateTopology#CONTACT_STATE_STORE} store, as the
 * contract's Avro {@code ContactState} (so a stored state survives a schema evolution). An erased
 * contact's remaining opt-outs live under the keyed hash of the contact, not its number; a lookup
 * falls back to that key, so the opt-outs keep being honoured.
 */
public final class ContactStates {

    private final ReadOnlyKeyValueStore<String, ContactState> store;
    private final ErasureHasher erasureHasher;

    public ContactStates(ReadOnlyKeyValueStore<String, ContactState> store, ErasureHasher erasureHasher) {
        this.store = store;
        this.erasureHasher = erasureHasher;
    }

    /** What is known about the contact, or null when nothing is. */
    public ContactFacts load(ContactKey key) {
        ContactState stored = store.get(key.toString());
        if (stored == null) {
            stored = store.get(erasedKey(key));
        }
        return stored == null ? null : ContactFactsAvro.fromAvro(stored);
    }

    /** Stores {@code after}, moving it to or from the erased key when the contact was erased or came back. */
    void save(ContactKey key, ContactFacts before, ContactFacts after) {
        KeyValueStore<String, ContactState> writable = writable();
        if (after.isErased()) {
            writable.put(erasedKey(key), ContactFactsAvro.toAvro(after));
            if (before != null && !before.isErased()) {
                writable.delete(key.toString());
            }
            return;
        }
        writable.put(key.toString(), ContactFactsAvro.toAvro(after));
        if (before != null && before.isErased()) {
            writable.delete(erasedKey(key));
        }
    }

    private String erasedKey(ContactKey key) {
        return erasureHasher.erasedKey(key.businessId(), key.contact()).toString();
    }

    private KeyValueStore<String, ContactState> writable() {
        if (store instanceof KeyValueStore<String, ContactState> writable) {
            return writable;
        }
        throw new IllegalStateException("contact states read through interactive queries are read-only");
    }
}
