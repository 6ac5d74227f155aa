package io.consentgate.domain.state;

import io.consentgate.schemas.ContactKey;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash (HMAC-SHA256) that replaces an erased contact: without the key nobody can tell
 * whose opt-outs remain, with it the gate can still find them when the contact is messaged again.
 */
public final class ErasureHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HASH_LENGTH = 64; // 32 bytes, two lowercase hex digits each (HexFormat.of())
    private final SecretKeySpec key;
    /**
     * One initialised Mac per thread: the gate hashes on every read of a contact it holds nothing for (the erased key is
     * its fallback), and {@code Mac.getInstance} + {@code init} per hash was a provider lookup and a key schedule each
     * time (docs/decisions.md, issue 17). {@code doFinal} resets the Mac, so it is reused as new; Macs are not thread-safe.
     */
    private final ThreadLocal<Mac> macs;

    public ErasureHasher(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the erasure key needs at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public String hash(String businessId, String canonicalContact) {
        byte[] digest = macs.get().doFinal(new ContactKey(businessId, canonicalContact).toBytes());
        return HexFormat.of().formatHex(digest);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Whether {@code contact} has the form of a {@link #hash}: 64 lowercase hex digits (HMAC-SHA256). No canonical contact
     * has it (E.164 starts with {@code +}, a BSUID with two upper-case letters and a period), which is how the gate tells
     * an erased contact's key in its store from another's.
     */
    public static boolean isHash(String contact) {
        if (contact.length() != HASH_LENGTH) {
            return false;
        }
        for (int i = 0; i < HASH_LENGTH; i++) {
            char c = contact.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Where an erased contact's remaining state is kept: the gate looks here when the canonical key has none. */
    public ContactKey erasedKey(String businessId, String canonicalContact) {
        return new ContactKey(businessId, hash(businessId, canonicalContact));
    }
}
