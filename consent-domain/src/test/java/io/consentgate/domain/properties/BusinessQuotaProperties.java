package io.consentgate.domain.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.MessagingTier;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.domain.quota.QuotaOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BusinessQuotaProperties {

    /** A send request reaching the quota: which contact, how many minutes after the previous one, and whether the store reloads it first. */
    record Attempt(int contact, int minutesLater, boolean reloaded) {
    }

    @Property(tries = 1000)
    void shouldNeverCountMoreUniqueContactsThanTheTierInAny24Hours(
            @ForAll("attempts") List<Attempt> attempts, @ForAll("smallTiers") MessagingTier tier) {
        // Given
        BusinessQuota quota = BusinessQuota.empty();
        Instant now = Fixtures.T0;
        List<Instant> counted = new ArrayList<>();

        // When every attempt asks the quota, the quota sometimes going through its bytes
        for (Attempt attempt : attempts) {
            now = now.plus(Duration.ofMinutes(attempt.minutesLater()));
            if (attempt.reloaded()) {
                quota = BusinessQuota.fromBytes(quota.toBytes());
            }
            if (quota.admit("+3461234" + attempt.contact(), tier, now) instanceof QuotaOutcome.Admitted(boolean wasCounted) && wasCounted) {
                counted.add(now);
            }
        }

        // Then no moving 24 h holds more counted contacts than the tier allows
        for (Instant end : counted) {
            long inWindow = counted.stream().filter(at -> at.isAfter(end.minus(BusinessQuota.MOVING_WINDOW)) && !at.isAfter(end)).count();
            assertThat(inWindow).isLessThanOrEqualTo(BusinessQuota.limitOf(tier));
        }
    }

    @Provide
    Arbitrary<List<Attempt>> attempts() {
        return Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 90), Arbitraries.of(true, false))
                .as(Attempt::new).list().ofMaxSize(400);
    }

    @Provide
    Arbitrary<MessagingTier> smallTiers() {
        return Arbitraries.of(MessagingTier.TIER_50, MessagingTier.TIER_250);
    }
}
