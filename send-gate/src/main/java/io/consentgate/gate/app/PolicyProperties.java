package io.consentgate.gate.app;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.policy.FrequencyCap;
import io.consentgate.domain.policy.QuietHours;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The configurable parts of a business's send policy; what is left unset keeps the value it
 * overrides (the core's defaults, or for a business the gate-wide policy). Keyword lists, pricing
 * and the quality policy keep the core's defaults.
 *
 * @param defaultRegion           region for national-format numbers, e.g. ES (default: none)
 * @param defaultTimeZone         for quiet hours when the number tells no zone (default UTC)
 * @param windowMargin            a window with no more than this left is closed (default 60s)
 * @param frequencyCaps           replaces the caps (default MARKETING 2 per 24h and 4 per 7d)
 * @param quietHoursStart         start of the contact's night (default 21:00)
 * @param quietHoursEnd           end of it (default 08:00; equal to the start disables quiet hours)
 * @param quietCategories         what the night holds back (default MARKETING)
 * @param marketingBlockedRegions where marketing is not sent (default US)
 */
public record PolicyProperties(
        String defaultRegion,
        ZoneId defaultTimeZone,
        Duration windowMargin,
        List<Cap> frequencyCaps,
        LocalTime quietHoursStart,
        LocalTime quietHoursEnd,
        Set<MessageCategory> quietCategories,
        Set<String> marketingBlockedRegions) {

    /** {@code consentgate.gate.policy.frequency-caps[0].category=MARKETING}, {@code .max-messages=2}, {@code .period=24h}. */
    public record Cap(MessageCategory category, int maxMessages, Duration period) {
    }

    BusinessPolicy applyTo(BusinessPolicy base) {
        QuietHours quiet = base.quietHours();
        return new BusinessPolicy(
                defaultRegion != null ? defaultRegion : base.defaultRegion(),
                defaultTimeZone != null ? defaultTimeZone : base.defaultTimeZone(),
                windowMargin != null ? windowMargin : base.windowMargin(),
                frequencyCaps != null
                        ? frequencyCaps.stream().map(cap -> new FrequencyCap(cap.category(), cap.maxMessages(), cap.period())).toList()
                        : base.frequencyCaps(),
                new QuietHours(quietHoursStart != null ? quietHoursStart : quiet.start(),
                        quietHoursEnd != null ? quietHoursEnd : quiet.end(),
                        quietCategories != null ? quietCategories : quiet.categories()),
                base.qualityPolicy(),
                marketingBlockedRegions != null ? marketingBlockedRegions : base.marketingBlockedRegions(),
                base.keywords(),
                base.pricing());
    }
}
