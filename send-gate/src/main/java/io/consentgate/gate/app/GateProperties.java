package io.consentgate.gate.app;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.gate.topology.GateSettings;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gate's own settings ({@code consentgate.gate.*}).
 *
 * @param duplicateRetention how long a request id is remembered per contact (default 7 days)
 * @param fencePollInterval  how often parked requests are checked against their fetch fence, and the fences read (default 5 ms)
 * @param fenceGapCheckAfter how long the fold may stand still below a request's fence before the gate asks the broker whether
 *                           anything is left to fold there (transaction markers, an undecodable record are not; default 500 ms)
 * @param policy             the send policy of every business (defaults: consent-domain's {@code BusinessPolicy.DEFAULTS})
 * @param businesses         per-business overrides of parts of the policy, by businessId
 */
@ConfigurationProperties("consentgate.gate")
public record GateProperties(
        @DefaultValue("7d") Duration duplicateRetention,
        @DefaultValue("5ms") Duration fencePollInterval,
        @DefaultValue("500ms") Duration fenceGapCheckAfter,
        @DefaultValue PolicyProperties policy,
        Map<String, PolicyProperties> businesses) {

    public GateProperties {
        businesses = businesses == null ? Map.of() : Map.copyOf(businesses);
    }

    /** @param erasureHasher from {@code consentgate.privacy.erasure-hash-key}, shared with the projector */
    public GateSettings settings(ErasureHasher erasureHasher) {
        return new GateSettings(duplicateRetention, erasureHasher, fencePollInterval, fenceGapCheckAfter);
    }

    public BusinessPolicies policies() {
        BusinessPolicy defaults = policy.applyTo(BusinessPolicy.DEFAULTS);
        return BusinessPolicies.of(defaults, businesses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, business -> business.getValue().applyTo(defaults))));
    }
}
