package io.consentgate.events.webhook;

import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessagingTier;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Meta's spellings of values that several fields share. */
final class MetaValues {

    private MetaValues() {
    }

    /** {@code stop} / {@code resume} in any case, else null. */
    static MarketingPreference preference(String value) {
        return switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
            case "stop" -> MarketingPreference.STOP;
            case "resume" -> MarketingPreference.RESUME;
            default -> null;
        };
    }

    /** A limit as a tier name or, in older payloads, as a number of conversations (-1: unlimited); null when unknown. */
    static MessagingTier tier(JsonNode limit) {
        if (limit.isIntegralNumber()) {
            return switch (limit.asInt()) {
                case -1 -> MessagingTier.TIER_UNLIMITED;
                case 50 -> MessagingTier.TIER_50;
                case 250 -> MessagingTier.TIER_250;
                case 1000 -> MessagingTier.TIER_1K;
                case 2000 -> MessagingTier.TIER_2K;
                case 10000 -> MessagingTier.TIER_10K;
                case 100000 -> MessagingTier.TIER_100K;
                default -> null;
            };
        }
        MessagingTier tier = WebhookJson.enumOf(MessagingTier.class, WebhookJson.text(limit));
        return tier == MessagingTier.UNKNOWN ? null : tier;
    }
}
