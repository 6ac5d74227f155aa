package io.consentgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.QuietHours;
import io.consentgate.testing.LocalDemo.Country;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

/**
 * The demo promises, for example, that marketing to its day-country contact is approved and to its
 * night-country contact waits for quiet hours: that must hold at whatever hour it runs (bin/run-local
 * --check in CI), judged by the gate's own rule and the zones the gate reads from the demo's numbers.
 */
class LocalDemoTest {

    /** A demo run takes about a minute from picking the countries to the last decision; an hour is plenty. */
    private static final Duration RUN = Duration.ofHours(1);
    private static final ZoneId BUSINESS_ZONE = ZoneId.of("Europe/Madrid");

    @Test
    void eachCountryHasTheZonesTheGateReadsFromItsNumbers() {
        for (Country country : Country.ALL) {
            var zones = ContactIdentity.parse(country.number("123", 4), null).timeZones();
            assertThat(new HashSet<>(zones)).as(country.name()).isEqualTo(new HashSet<>(country.zones()));
        }
    }

    @Test
    void atEveryTimeOfTheYearTheDayCountryStaysDayAndTheNightCountryStaysNightForTheWholeRun() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (Instant now = start; now.isBefore(start.plus(Duration.ofDays(366))); now = now.plus(Duration.ofMinutes(10))) {
            Country day = Country.day(now);
            Country night = Country.night(now);
            for (Instant then : new Instant[] {now, now.plus(RUN)}) {
                assertThat(QuietHours.DEFAULTS.quietUntil(then, day.zones(), BUSINESS_ZONE))
                        .as("%s picked at %s for day, at %s", day.name(), now, then).isNull();
                assertThat(QuietHours.DEFAULTS.quietUntil(then, night.zones(), BUSINESS_ZONE))
                        .as("%s picked at %s for night, at %s", night.name(), now, then).isNotNull();
            }
        }
    }
}
