package io.consentgate.events.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the raw body bytes with the app
 * secret. Checked on the bytes as received, never on re-serialised JSON (which would change escapes
 * and non-ASCII text), and compared in constant time.
 */
public final class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final int HMAC_BYTES = 32;

    private final SecretKeySpec key;

    /** @param appSecret the Meta app's secret; null refuses every signature */
    public WebhookSignature(String appSecret) {
        this.key = appSecret == null ? null : new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public boolean isValid(String header, byte[] body) {
        if (key == null || header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        String hex = header.substring(PREFIX.length()).strip();
        if (hex.length() != 2 * HMAC_BYTES) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(body), presented);
    }

    /** The header value Meta would send for {@code body}: for tests and for replaying a stored delivery. */
    public String headerFor(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(sign(body));
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
        }
    }
}
