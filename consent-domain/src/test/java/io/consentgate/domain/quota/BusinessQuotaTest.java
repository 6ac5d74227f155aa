package io.consentgate.domain.quota;

import static io.consentgate.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.MessagingTier;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessQuotaTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"TIER_50,50", "TIER_250,250", "TIER_1K,1000", "TIER_2K,2000", "TIER_10K,10000", "TIER_100K,100000",
            "TIER_UNLIMITED,2147483647", "UNKNOWN,250"})
    void shouldKnowEveryTier(MessagingTier tier, int limit) {
        assertThat(BusinessQuota.limitOf(tier)).isEqualTo(limit);
    }

    @Test
    void shouldRefuseTheContactBeyondTheTierAndSayWhenCapacityFrees() {
        // Given a TIER_50 business that reached 50 contacts, one a minute
        BusinessQuota quota = BusinessQuota.empty();
        IntStream.range(0, 50).forEach(i -> quota.admit("+3461234" + i, MessagingTier.TIER_50, T0.plusSeconds(60L * i)));

        // When a 51st contact is messaged
        QuotaOutcome outcome = quota.admit("+34699999999", MessagingTier.TIER_50, T0.plus(Duration.ofHours(1)));

        // Then
        assertThat(outcome).isEqualTo(new QuotaOutcome.Refused(50, T0.plus(Duration.ofHours(24))));
    }

    @Test
    void shouldNotCountAContactAlreadyCountedInTheLast24Hours() {
        BusinessQuota quota = BusinessQuota.empty();

        assertThat(quota.admit("+34612345678", MessagingTier.TIER_250, T0)).isEqualTo(new QuotaOutcome.Admitted(true));
        assertThat(quota.admit("+34612345678", MessagingTier.TIER_250, T0.plus(Duration.ofHours(23)))).isEqualTo(new QuotaOutcome.Admitted(false));
        assertThat(quota.admit("+34612345678", MessagingTier.TIER_250, T0.plus(Duration.ofHours(24)))).isEqualTo(new QuotaOutcome.Admitted(true));
    }

    @Test
    void shouldForgetWhatIsOlderThan24Hours() {
        BusinessQuota quota = BusinessQuota.empty();
        quota.admit("+34612345678", MessagingTier.TIER_50, T0);
        quota.admit("+34612345679", MessagingTier.TIER_50, T0.plus(Duration.ofHours(12)));

        quota.admit("+34612345670", MessagingTier.TIER_50, T0.plus(Duration.ofHours(25)));

        assertThat(quota.countedContacts()).isEqualTo(2);
    }

    @Test
    void shouldHonourALowerTierAtOnceAfterADowngrade() {
        // Given 60 contacts counted under TIER_250, one a minute
        BusinessQuota quota = BusinessQuota.empty();
        IntStream.range(0, 60).forEach(i -> quota.admit("+3461234" + i, MessagingTier.TIER_250, T0.plusSeconds(60L * i)));

        // When the business drops to TIER_50
        QuotaOutcome outcome = quota.admit("+34699999999", MessagingTier.TIER_50, T0.plus(Duration.ofHours(2)));

        // Then 11 counted contacts must leave the window before one more fits: the 11th was counted at minute 10
        assertThat(outcome).isEqualTo(new QuotaOutcome.Refused(50, T0.plus(Duration.ofHours(24)).plusSeconds(600)));
    }

    @Test
    void shouldNotTrackAnUnlimitedBusiness() {
        BusinessQuota quota = BusinessQuota.empty();

        assertThat(quota.admit("+34612345678", MessagingTier.TIER_UNLIMITED, T0)).isEqualTo(new QuotaOutcome.Admitted(false));
        assertThat(quota.countedContacts()).isZero();
    }

    @Test
    void shouldRoundTripThroughItsCompactBytes() {
        BusinessQuota quota = BusinessQuota.empty();
        IntStream.range(0, 50).forEach(i -> quota.admit("+3461234" + i, MessagingTier.TIER_50, T0.plusSeconds(i)));

        BusinessQuota back = BusinessQuota.fromBytes(quota.toBytes());

        assertThat(quota.toBytes()).hasSizeLessThan(50 * 24 + 5);
        assertThat(back.countedContacts()).isEqualTo(50);
        assertThat(back.admit("+34699999999", MessagingTier.TIER_50, T0.plusSeconds(60))).isEqualTo(new QuotaOutcome.Refused(50, T0.plus(Duration.ofHours(24))));
        assertThat(back.admit("+346123449", MessagingTier.TIER_50, T0.plusSeconds(60))).isEqualTo(new QuotaOutcome.Admitted(false));
    }

    @Test
    void shouldRefuseBytesOfAnotherFormat() {
        assertThatThrownBy(() -> BusinessQuota.fromBytes(new byte[] {9, 0, 0, 0, 0})).hasMessageContaining("format version 9");
        assertThatThrownBy(() -> BusinessQuota.fromBytes(new byte[] {1, 0, 0, 0, 5})).hasMessageContaining("truncated");
    }
}
