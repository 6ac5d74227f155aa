package io.consentgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a webhook body as Meta does: HMAC-SHA256 of the raw bytes under the app secret, in X-Hub-Signature-256. */
public final class WebhookSignatures {

    public static final String HEADER = "X-Hub-Signature-256";

    private WebhookSignatures() {
    }

    /** The header's value: {@code sha256=} and the lower-case hex HMAC. */
    public static String sign(String appSecret, byte[] body) {
        return "sha256=" + hmacSha256Hex(appSecret.getBytes(StandardCharsets.UTF_8), body);
    }

    public static String hmacSha256Hex(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
