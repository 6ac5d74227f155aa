package io.consentgate.domain.policy;

import io.consentgate.avro.MessageCategory;
import java.time.Duration;

/** At most {@code maxMessages} of one category to one contact in any rolling {@code period}. */
public record FrequencyCap(MessageCategory category, int maxMessages, Duration period) {

    public FrequencyCap {
        if (maxMessages < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a frequency cap needs maxMessages >= 1 and a positive period: " + maxMessages + " per " + period);
        }
    }
}
