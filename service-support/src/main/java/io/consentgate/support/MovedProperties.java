package io.consentgate.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;

/**
 * Settings that have moved: a service started with one refuses to start and names the new key, rather than
 * silently running with a default where the operator meant otherwise (a region unset accepts no national numbers;
 * a policy unset is the core's). Any spelling is caught: properties, YAML, environment variables.
 */
final class MovedProperties {

    /** Old prefix → where it lives now. */
    static final Map<String, String> MOVED = Map.of(
            "consentgate.gate.policy", "consentgate.policy (the same keys, shared by the gate and the projector)",
            "consentgate.events.default-region", "consentgate.policy.default-region",
            "consentgate.events.regions", "consentgate.policy.businesses.<businessId>.default-region",
            "consentgate.projector.default-region",
            "consentgate.policy.default-region (or consentgate.policy.businesses.<businessId>.default-region), the region capture reads too");

    private MovedProperties() {
    }

    static void refuse(Environment environment) {
        List<String> found = new ArrayList<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().forEach(name -> MOVED.forEach((old, now) -> {
                    if (ConfigurationPropertyName.of(old).isAncestorOf(name) || ConfigurationPropertyName.of(old).equals(name)) {
                        found.add(name + " → " + now);
                    }
                }));
            }
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException("settings that have moved are set: " + String.join("; ", found.stream().distinct().toList())
                    + ". Rename them (see service-support/README.md, business policy) and start again.");
        }
    }
}
