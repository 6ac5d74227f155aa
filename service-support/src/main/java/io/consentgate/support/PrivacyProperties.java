package io.consentgate.support;

import io.consentgate.domain.state.ErasureHasher;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code consentgate.privacy.*}.
 *
 * @param erasureHashKey the secret of the keyed hash (HMAC-SHA256) that replaces an erased contact; at least 32
 *                       bytes (UTF-8). Required, with no default: a default secret would let anyone re-identify
 *                       erased contacts. Profile {@code dev} sets a throwaway one for local runs.
 */
@ConfigurationProperties("consentgate.privacy")
public record PrivacyProperties(String erasureHashKey) {

    static final int MIN_KEY_BYTES = 32;

    public ErasureHasher erasureHasher() {
        if (erasureHashKey == null || erasureHashKey.isBlank()) {
            throw new IllegalStateException("consentgate.privacy.erasure-hash-key is not set. Set it (e.g. env "
                    + "CONSENTGATE_PRIVACY_ERASUREHASHKEY) to a secret of at least " + MIN_KEY_BYTES
                    + " bytes, e.g. the output of 'openssl rand -base64 48', kept in your secret store and the same for "
                    + "every instance; for a local run use the dev profile (SPRING_PROFILES_ACTIVE=dev).");
        }
        byte[] key = erasureHashKey.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalStateException("consentgate.privacy.erasure-hash-key has " + key.length + " bytes; it needs at least "
                    + MIN_KEY_BYTES + ": generate one with 'openssl rand -base64 48'.");
        }
        return new ErasureHasher(key);
    }
}
