package io.consentgate.projector;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The projector's own settings ({@code consentgate.projector.*}). The region national numbers are read in is the
 * business policy's ({@code consentgate.policy.default-region}, per business too), as at capture.
 *
 * @param advertisedHost  the host other instances reach this one at; with the server port it is Kafka Streams'
 *                        {@code application.server}, which routes queries for contacts held elsewhere
 * @param forwardTimeout  how long a query forwarded to another instance may take
 * @param erasureTimeout  how long an erasure request waits for Kafka to acknowledge it before answering 503
 * @param gaugeRefresh    how often the per-business gauges (contacts opted in, open windows) are recounted
 * @param decisionRetention how long a contact's send decisions are kept for support and data-subject exports,
 *                        counted from the decision; older ones are purged every hour
 */
@ConfigurationProperties("consentgate.projector")
public record ProjectorProperties(
        @DefaultValue("localhost") String advertisedHost,
        @DefaultValue("5s") Duration forwardTimeout,
        @DefaultValue("10s") Duration erasureTimeout,
        @DefaultValue("30s") Duration gaugeRefresh,
        @DefaultValue("90d") Duration decisionRetention) {

    public ProjectorProperties {
        if (decisionRetention.isNegative() || decisionRetention.isZero()) {
            throw new IllegalArgumentException("consentgate.projector.decision-retention must be positive, e.g. 90d; was "
                    + decisionRetention);
        }
    }
}
