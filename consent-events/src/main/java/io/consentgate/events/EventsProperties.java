package io.consentgate.events;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The intake's settings ({@code consentgate.events.*}); Kafka itself is configured under {@code spring.kafka.*}.
 *
 * The region national number formats are read in is the business policy's, shared with the gate and the projector:
 * {@code consentgate.policy.default-region} and {@code consentgate.policy.businesses.<businessId>.default-region}.
 *
 * @param maxRequestSize largest body of a single opt-in or opt-out
 * @param maxImportSize  largest body of a consent import
 * @param publishTimeout longest wait for Kafka's acknowledgements before answering 503; keep it above the
 *                       producer's {@code delivery.timeout.ms}, which bounds each send
 * @param retryAfter     what a 503 tells the caller to wait before retrying
 * @param whatsapp       the WhatsApp webhook
 */
@ConfigurationProperties("consentgate.events")
public record EventsProperties(
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("50MB") DataSize maxImportSize,
        @DefaultValue("15s") Duration publishTimeout,
        @DefaultValue("10s") Duration retryAfter,
        @DefaultValue WhatsApp whatsapp) {

    /**
     * @param verifyToken the token typed into Meta's webhook settings; the GET verification must present it
     * @param appSecret   the Meta app's secret: every POST must be signed with it ({@code X-Hub-Signature-256})
     * @param accounts    WhatsApp Business Account id (the webhook entry id) or phone_number_id → businessId
     * @param senders     display phone number (digits, as the webhook shows it) → phone_number_id, for
     *                    {@code phone_number_quality_update}, which names the number only by its display form
     * @param maxBodySize largest webhook body accepted
     */
    public record WhatsApp(
            String verifyToken,
            String appSecret,
            Map<String, String> accounts,
            Map<String, String> senders,
            @DefaultValue("5MB") DataSize maxBodySize) {

        public WhatsApp {
            verifyToken = blankToNull(verifyToken);
            appSecret = blankToNull(appSecret);
            accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
            senders = senders == null ? Map.of() : Map.copyOf(senders);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
