package io.consentgate.gate.topology;

import io.consentgate.avro.ContactState;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.domain.state.PersonMerge;
import io.consentgate.schemas.ContactKey;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The gate's own contact states in the {@value GateTopology#CONTACT_STATE_STORE} store, as the
 * contract's Avro {@code ContactState} (so a stored state survives a schema evolution). An erased
 * contact's remaining opt-outs live under the keyed hash of the contact, not its number; a lookup
 * falls back to that key, so the opt-outs keep being honoured: in a processor, only when the task's store holds it
 * ({@link ErasedContactKeys}).
 */
public final class ContactStates {

    private final ReadOnlyKeyValueStore<String, ContactState> store;
    private final ErasureHasher erasureHasher;
    // The task's erased keys, in a processor; null when read through interactive queries, which look under the erased key every time.
    private final ErasedContactKeys erasedKeys;
    // The last state read, while a processor's readingOnce runs (see there); forgotten on any write and when it ends.
    private boolean readingOnce;
    private String lastKey;
    private ContactState lastStored;
    private ContactFacts lastFacts;

    /** For reading a store through interactive queries: a contact without a state of its own is looked up under its erased key. */
    public ContactStates(ReadOnlyKeyValueStore<String, ContactState> store, ErasureHasher erasureHasher) {
        this(store, erasureHasher, null);
    }

    /** For a processor of the task that owns the store: the erased keys it holds answer whether to look under one. */
    ContactStates(ReadOnlyKeyValueStore<String, ContactState> store, ErasureHasher erasureHasher, ErasedContactKeys erasedKeys) {
        this.store = store;
        this.erasureHasher = erasureHasher;
        this.erasedKeys = erasedKeys;
    }

    /**
     * Runs {@code work} reading the stored state of a contact at most once: a decision reads the contact's identity,
     * its facts and, for a capped send, its facts again; the fold reads identity and facts. Each read was a RocksDB
     * get and an Avro decode (docs/decisions.md, issue 17). Only for a stream processor's own synchronous work: within
     * it nothing but this instance writes the store, and each write here forgets what was read.
     */
    void readingOnce(Runnable work) {
        readingOnce = true;
        try {
            work.run();
        } finally {
            readingOnce = false;
            forget();
        }
    }

    /** What is known about the contact, or null when nothing is. */
    public ContactFacts load(ContactKey key) {
        ContactState stored = stored(key);
        if (stored == null) {
            return null;
        }
        if (!readingOnce) {
            return ContactFactsAvro.fromAvro(stored);
        }
        if (lastFacts == null) { // stored() just read lastStored; its facts are decoded once
            lastFacts = ContactFactsAvro.fromAvro(stored);
        }
        return lastFacts;
    }

    private ContactState stored(ContactKey key) {
        String plain = key.toString();
        if (readingOnce && plain.equals(lastKey)) {
            return lastStored;
        }
        ContactState stored = store.get(plain);
        if (stored == null) {
            stored = storedErased(key);
        }
        if (readingOnce) {
            lastKey = plain;
            lastStored = stored;
            lastFacts = null;
        }
        return stored;
    }

    /**
     * The processor reading through these states closed: whatever happens to the store until the next init, the task's
     * erased keys are read again from it at their next use (and freed meanwhile).
     */
    void processorClosed() {
        if (erasedKeys != null) {
            erasedKeys.rejoin();
        }
    }

    /** The state under the contact's erased key; read only when the task's store may hold that key (most contacts were never erased). */
    private ContactState storedErased(ContactKey key) {
        if (erasedKeys == null) {
            return store.get(erasedKey(key).toString());
        }
        if (!erasedKeys.anyOf(store, key.businessId())) {
            return null;
        }
        ContactKey erased = erasedKey(key);
        return erasedKeys.mayHold(store, erased) ? store.get(erased.toString()) : null;
    }

    private void forget() {
        lastKey = null;
        lastStored = null;
        lastFacts = null;
    }

    /** Which person the contact belongs to, and its aliases (see docs/identity.md); {@link Identity#NONE} when unlinked. */
    public Identity identity(ContactKey key) {
        ContactState stored = stored(key);
        return stored == null ? Identity.NONE : Identity.of(stored);
    }

    /**
     * The facts of a person as a request addressed to one of its identities sees them: the person's facts, with the
     * contact the request names (its region and time zones), so that the rules read one person. Null when nothing is known.
     */
    public ContactFacts loadAs(ContactKey person, ContactKey addressed) {
        ContactFacts facts = load(person);
        return facts == null || person.equals(addressed) ? facts : PersonMerge.addressedAs(facts, addressed.contact());
    }

    /** Stores {@code after}, moving it to or from the erased key when the contact was erased or came back; its identity stays. */
    void save(ContactKey key, ContactFacts before, ContactFacts after) {
        save(key, before, after, identity(key));
    }

    /** Stores the contact's identity, its facts as they are. */
    void saveIdentity(ContactKey key, String businessId, Identity identity) {
        ContactFacts facts = load(key);
        ContactFacts known = facts != null ? facts : ContactFacts.empty(businessId, ContactIdentity.ofCanonical(key.contact()));
        save(key, facts, known, identity);
    }

    /** Stores the person's facts after a merge, with its identity. */
    void saveMerged(ContactKey key, ContactFacts before, ContactFacts after, Identity identity) {
        save(key, before, after, identity);
    }

    private void save(ContactKey key, ContactFacts before, ContactFacts after, Identity identity) {
        forget();
        KeyValueStore<String, ContactState> writable = writable();
        if (after.isErased()) {
            ContactKey erased = erasedKey(key);
            if (erasedKeys != null) {
                erasedKeys.putting(store, erased);
            }
            writable.put(erased.toString(), identity.into(ContactFactsAvro.toAvro(after)));
            if (before != null && !before.isErased()) {
                writable.delete(key.toString());
            }
            return;
        }
        writable.put(key.toString(), identity.into(ContactFactsAvro.toAvro(after)));
        if (before != null && before.isErased()) {
            ContactKey erased = erasedKey(key);
            writable.delete(erased.toString());
            if (erasedKeys != null) {
                erasedKeys.deleted(store, erased);
            }
        }
    }

    private ContactKey erasedKey(ContactKey key) {
        return erasureHasher.erasedKey(key.businessId(), key.contact());
    }

    private KeyValueStore<String, ContactState> writable() {
        if (store instanceof KeyValueStore<String, ContactState> writable) {
            return writable;
        }
        throw new IllegalStateException("contact states read through interactive queries are read-only");
    }
}
