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
    private final SecretKeySpec key;

    public ErasureHasher(byte[] secret) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the erasure key needs at least 32 bytes, got " + secret.length);
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    public String hash(String businessId, String canonicalContact) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] digest = mac.doFinal(new ContactKey(businessId, canonicalContact).toBytes());
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Where an erased contact's remaining state is kept: the gate looks here when the canonical key has none. */
    public ContactKey erasedKey(String businessId, String canonicalContact) {
        return new ContactKey(businessId, hash(businessId, canonicalContact));
    }
}
