package io.consentgate.domain.policy;

import java.util.Map;

/** The policy of each business: the defaults unless the business has its own. */
@FunctionalInterface
public interface BusinessPolicies {

    BusinessPolicy of(String businessId);

    static BusinessPolicies of(BusinessPolicy defaults, Map<String, BusinessPolicy> overrides) {
        Map<String, BusinessPolicy> own = Map.copyOf(overrides);
        return businessId -> own.getOrDefault(businessId, defaults);
    }
}
