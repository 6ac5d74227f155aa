package io.consentgate.domain.quota;

import java.time.Instant;

/** Whether a business-initiated send fits the business's messaging limit. */
public sealed interface QuotaOutcome {

    /** @param counted whether this send used up one unique contact (false: already counted in the last 24 h, or no limit) */
    record Admitted(boolean counted) implements QuotaOutcome {
    }

    /** @param capacityFreesAt when the oldest counted contacts leave the moving 24 h and one more fits */
    record Refused(int limit, Instant capacityFreesAt) implements QuotaOutcome {
    }
}
