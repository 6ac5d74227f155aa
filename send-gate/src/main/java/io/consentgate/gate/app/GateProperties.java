package io.consentgate.gate.app;

import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.gate.topology.GateSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gate's own settings ({@code consentgate.gate.*}). The send policy is service-support's
 * {@code PolicyProperties} ({@code consentgate.policy.*}), which the projector reads too.
 *
 * @param duplicateRetention how long a request id is remembered per contact (default 7 days)
 * @param fencePollInterval  how often parked requests are checked against their fetch fence, and the fences read (default 5 ms)
 * @param fenceGapCheckAfter how long the fold may stand still below a request's fence before the gate asks the broker whether
 *                           anything is left to fold there (transaction markers, an undecodable record are not; default 500 ms)
 */
@ConfigurationProperties("consentgate.gate")
public record GateProperties(
        @DefaultValue("7d") Duration duplicateRetention,
        @DefaultValue("5ms") Duration fencePollInterval,
        @DefaultValue("500ms") Duration fenceGapCheckAfter) {

    /** @param erasureHasher from {@code consentgate.privacy.erasure-hash-key}, shared with the projector */
    public GateSettings settings(ErasureHasher erasureHasher) {
        return new GateSettings(duplicateRetention, erasureHasher, fencePollInterval, fenceGapCheckAfter);
    }
}
