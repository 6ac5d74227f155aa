package io.consentgate.support;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.keyword.KeywordLists;
import io.consentgate.domain.keyword.LanguageKeywords;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.policy.DeliveryPolicy;
import io.consentgate.domain.policy.FrequencyCap;
import io.consentgate.domain.policy.QuietHours;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The send policy of every business ({@code consentgate.policy.*}) and of single businesses
 * ({@code consentgate.policy.businesses.<businessId>.*}, the same keys). The gate and the
 * projector both fold contact events with it, so they must read the same one: hence one prefix
 * for both. What is left unset keeps the value it overrides: for all businesses, consent-domain's
 * {@code BusinessPolicy.DEFAULTS}; for one business, the policy of all businesses. Pricing and the
 * quality policy keep the core's defaults.
 *
 * @param defaultRegion           region for national-format numbers, e.g. ES (default: none)
 * @param defaultTimeZone         for quiet hours when the number tells no zone (default UTC)
 * @param windowMargin            a window with no more than this left is closed (default 60s)
 * @param frequencyCaps           replaces the caps (default MARKETING 2 per 24h and 4 per 7d)
 * @param quietHoursStart         start of the contact's night (default 21:00)
 * @param quietHoursEnd           end of it (default 08:00; equal to the start disables quiet hours)
 * @param quietCategories         what the night holds back (default MARKETING)
 * @param marketingBlockedRegions where marketing is not sent (default US)
 * @param optOutKeywords          replaces the opt-out keywords (default docs/rules.md "Keywords": STOP, BAJA, …); matched
 *                                folded, so any case and accents will do
 * @param optInKeywords           replaces the opt-back-in keywords (default START, UNSTOP, ALTA, INICIAR, SUSCRIBIR)
 * @param stopPromotions          replaces the quick-reply payloads or texts that stop marketing (default "Stop promotions")
 *                                (any of these three replaces the per-language lists with one list)
 * @param keywords                per language (ISO 639-1, e.g. {@code es}): {@code keywords.es.opt-out}, {@code .opt-in},
 *                                {@code .stop-promotions}; each list set replaces that language's default (docs/rules.md)
 * @param marketingInWindowNeedsOptIn MARKETING inside a customer service window needs an active marketing opt-in (default true)
 * @param undeliverableThreshold  this many undeliverable failures (131026) in a row suppress the contact (default 3)
 * @param undeliverableWindow     within this period (default 30d)
 * @param senderBackoff           a number Meta rate-limited (131048, 130429) sends nothing for this long (default 5m)
 * @param pairBackoff             a number Meta pair-rate-limited (131056) sends nothing to that contact for this long (default 1m)
 * @param businesses              per-business overrides, by businessId
 */
@ConfigurationProperties("consentgate.policy")
public record PolicyProperties(
        String defaultRegion,
        ZoneId defaultTimeZone,
        Duration windowMargin,
        List<Cap> frequencyCaps,
        LocalTime quietHoursStart,
        LocalTime quietHoursEnd,
        Set<MessageCategory> quietCategories,
        Set<String> marketingBlockedRegions,
        Set<String> optOutKeywords,
        Set<String> optInKeywords,
        Set<String> stopPromotions,
        Map<String, LanguageKeywordProperties> keywords,
        Boolean marketingInWindowNeedsOptIn,
        Integer undeliverableThreshold,
        Duration undeliverableWindow,
        Duration senderBackoff,
        Duration pairBackoff,
        Map<String, PolicyProperties> businesses) {

    /** One language's lists: {@code consentgate.policy.keywords.de.opt-out=STOPP,ABMELDEN}. Unset lists keep the language's. */
    public record LanguageKeywordProperties(Set<String> optOut, Set<String> optIn, Set<String> stopPromotions) {
    }

    /** {@code consentgate.policy.frequency-caps[0].category=MARKETING}, {@code .max-messages=2}, {@code .period=24h}. */
    public record Cap(MessageCategory category, int maxMessages, Duration period) {
    }

    public PolicyProperties {
        businesses = businesses == null ? Map.of() : Map.copyOf(businesses);
        keywords = keywords == null ? Map.of() : Map.copyOf(keywords);
    }

    /** The policy of each business: the core's defaults, under the policy of all businesses, under the business's own. */
    public BusinessPolicies businessPolicies() {
        BusinessPolicy allBusinesses = applyTo(BusinessPolicy.DEFAULTS);
        return BusinessPolicies.of(allBusinesses, businesses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, business -> business.getValue().ownPolicyOver(business.getKey(), allBusinesses))));
    }

    private BusinessPolicy ownPolicyOver(String businessId, BusinessPolicy allBusinesses) {
        if (!businesses.isEmpty()) {
            throw new IllegalStateException("consentgate.policy.businesses." + businessId + ".businesses is not a setting: set a business's "
                    + "policy directly under consentgate.policy.businesses." + businessId + ".* (e.g. .default-region=ES)");
        }
        return applyTo(allBusinesses);
    }

    private BusinessPolicy applyTo(BusinessPolicy base) {
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
                keywordsOver(base.keywords()),
                base.pricing(),
                marketingInWindowNeedsOptIn != null ? marketingInWindowNeedsOptIn : base.marketingInWindowNeedsOptIn(),
                deliveryOver(base.delivery()));
    }

    private DeliveryPolicy deliveryOver(DeliveryPolicy base) {
        return new DeliveryPolicy(undeliverableThreshold != null ? undeliverableThreshold : base.undeliverableThreshold(),
                undeliverableWindow != null ? undeliverableWindow : base.undeliverableWindow(),
                senderBackoff != null ? senderBackoff : base.senderBackoff(),
                pairBackoff != null ? pairBackoff : base.pairBackoff());
    }

    private KeywordLists keywordsOver(KeywordLists base) {
        KeywordLists lists = base;
        if (optOutKeywords != null || optInKeywords != null || stopPromotions != null) {
            lists = new KeywordLists(optOutKeywords != null ? optOutKeywords : base.optOut(),
                    optInKeywords != null ? optInKeywords : base.optBackIn(),
                    stopPromotions != null ? stopPromotions : base.stopPromotions());
        }
        for (Map.Entry<String, LanguageKeywordProperties> language : new java.util.TreeMap<>(keywords).entrySet()) {
            String code = language.getKey().toLowerCase(java.util.Locale.ROOT);
            LanguageKeywordProperties own = language.getValue();
            LanguageKeywords current = lists.languages().getOrDefault(code, new LanguageKeywords(Set.of(), Set.of(), Set.of()));
            lists = lists.with(code, current.with(own.optOut(), own.optIn(), own.stopPromotions()));
        }
        return lists;
    }
}
