package io.consentgate.gate.app;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.gate.topology.GateSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gate's own settings ({@code consentgate.gate.*}).
 *
 * @param duplicateRetention how long a request id is remembered per contact (default 7 days)
 * @param erasureKey         the secret (at least 32 bytes) of the keyed hash that replaces an erased contact;
 *                           the same as the projector's, so both find the remaining opt-outs
 * @param policy             the send policy of every business (defaults: consent-domain's {@code BusinessPolicy.DEFAULTS})
 * @param businesses         per-business overrides of parts of the policy, by businessId
 */
@ConfigurationProperties("consentgate.gate")
public record GateProperties(
        @DefaultValue("7d") Duration duplicateRetention,
        String erasureKey,
        @DefaultValue PolicyProperties policy,
        Map<String, PolicyProperties> businesses) {

    public GateProperties {
        businesses = businesses == null ? Map.of() : Map.copyOf(businesses);
    }

    public GateSettings settings() {
        if (erasureKey == null || erasureKey.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalStateException("set consentgate.gate.erasure-key to a secret of at least 32 bytes,"
                    + " the same as consent-projector's: erased contacts are kept under its keyed hash");
        }
        return new GateSettings(duplicateRetention, new ErasureHasher(erasureKey.getBytes(StandardCharsets.UTF_8)));
    }

    public BusinessPolicies policies() {
        BusinessPolicy defaults = policy.applyTo(BusinessPolicy.DEFAULTS);
        return BusinessPolicies.of(defaults, businesses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, business -> business.getValue().applyTo(defaults))));
    }
}
