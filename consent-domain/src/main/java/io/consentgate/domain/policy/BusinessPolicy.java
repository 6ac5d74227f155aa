package io.consentgate.domain.policy;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.keyword.KeywordLists;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * One business's send policy. {@link #DEFAULTS} are the product's defaults (docs/rules.md, "Defaults"); a business overrides
 * any part by building its own record.
 *
 * @param defaultRegion            region for national-format numbers (e.g. ES); null: international only
 * @param defaultTimeZone          quiet hours for contacts whose number tells no time zone (BSUIDs, non-geographic numbers)
 * @param windowMargin             a window with no more than this left counts as closed, because the send happens after the decision
 * @param frequencyCaps            per contact and category
 * @param quietHours               the contact's local night
 * @param qualityPolicy            what a low-quality sender stops sending
 * @param marketingBlockedRegions  regions marketing is not delivered to (Meta: US numbers since April 2025)
 * @param keywords                 opt-out and opt-back-in keywords
 * @param pricing                  what is billed
 * @param marketingInWindowNeedsOptIn MARKETING inside a customer service window needs an active marketing opt-in too
 *                                 (default; EU direct-marketing law: inside the window replies are free, promotions are not)
 * @param delivery                 what Meta's delivery feedback holds back: undeliverable contacts, rate-limited numbers and pairs
 */
public record BusinessPolicy(
        String defaultRegion,
        ZoneId defaultTimeZone,
        Duration windowMargin,
        List<FrequencyCap> frequencyCaps,
        QuietHours quietHours,
        QualityPolicy qualityPolicy,
        Set<String> marketingBlockedRegions,
        KeywordLists keywords,
        PricingPolicy pricing,
        boolean marketingInWindowNeedsOptIn,
        DeliveryPolicy delivery) {

    public static final BusinessPolicy DEFAULTS = new BusinessPolicy(
            null,
            ZoneId.of("UTC"),
            Duration.ofSeconds(60),
            List.of(new FrequencyCap(MessageCategory.MARKETING, 2, Duration.ofHours(24)),
                    new FrequencyCap(MessageCategory.MARKETING, 4, Duration.ofDays(7))),
            QuietHours.DEFAULTS,
            QualityPolicy.DEFAULTS,
            Set.of("US"),
            KeywordLists.DEFAULTS,
            PricingPolicy.DEFAULTS,
            true,
            DeliveryPolicy.DEFAULTS);

    public BusinessPolicy {
        frequencyCaps = List.copyOf(frequencyCaps);
        marketingBlockedRegions = Set.copyOf(marketingBlockedRegions);
        delivery = delivery == null ? DeliveryPolicy.DEFAULTS : delivery;
    }

    /** A policy with the default for marketing inside a window: it needs an active marketing opt-in. */
    public BusinessPolicy(String defaultRegion, ZoneId defaultTimeZone, Duration windowMargin, List<FrequencyCap> frequencyCaps,
                          QuietHours quietHours, QualityPolicy qualityPolicy, Set<String> marketingBlockedRegions, KeywordLists keywords,
                          PricingPolicy pricing) {
        this(defaultRegion, defaultTimeZone, windowMargin, frequencyCaps, quietHours, qualityPolicy, marketingBlockedRegions, keywords,
                pricing, true);
    }

    /** A policy with the default delivery feedback policy. */
    public BusinessPolicy(String defaultRegion, ZoneId defaultTimeZone, Duration windowMargin, List<FrequencyCap> frequencyCaps,
                          QuietHours quietHours, QualityPolicy qualityPolicy, Set<String> marketingBlockedRegions, KeywordLists keywords,
                          PricingPolicy pricing, boolean marketingInWindowNeedsOptIn) {
        this(defaultRegion, defaultTimeZone, windowMargin, frequencyCaps, quietHours, qualityPolicy, marketingBlockedRegions, keywords,
                pricing, marketingInWindowNeedsOptIn, DeliveryPolicy.DEFAULTS);
    }

    public BusinessPolicy withMarketingInWindowNeedsOptIn(boolean needed) {
        return new BusinessPolicy(defaultRegion, defaultTimeZone, windowMargin, frequencyCaps, quietHours, qualityPolicy,
                marketingBlockedRegions, keywords, pricing, needed, delivery);
    }

    public BusinessPolicy withKeywords(KeywordLists lists) {
        return new BusinessPolicy(defaultRegion, defaultTimeZone, windowMargin, frequencyCaps, quietHours, qualityPolicy,
                marketingBlockedRegions, lists, pricing, marketingInWindowNeedsOptIn, delivery);
    }

    public BusinessPolicy withDelivery(DeliveryPolicy feedback) {
        return new BusinessPolicy(defaultRegion, defaultTimeZone, windowMargin, frequencyCaps, quietHours, qualityPolicy,
                marketingBlockedRegions, keywords, pricing, marketingInWindowNeedsOptIn, feedback);
    }

    /**
     * Whether a frequency cap counts sends of this category (only those are recorded in a contact's facts). Read for every
     * approval, as are the two below: each loops over the few caps rather than streaming them (together 2% of the gate's
     * stream threads at saturation, issue 17).
     */
    public boolean caps(MessageCategory category) {
        for (FrequencyCap cap : frequencyCaps) {
            if (cap.category() == category) {
                return true;
            }
        }
        return false;
    }

    public Duration longestCapPeriod() {
        Duration longest = Duration.ZERO;
        for (FrequencyCap cap : frequencyCaps) {
            if (cap.period().compareTo(longest) > 0) {
                longest = cap.period();
            }
        }
        return longest;
    }

    /** How many sends of one category must be remembered for the caps to be checked. */
    public int largestCap() {
        int largest = 0;
        for (FrequencyCap cap : frequencyCaps) {
            largest = Math.max(largest, cap.maxMessages());
        }
        return largest;
    }
}
