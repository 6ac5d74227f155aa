package io.consentgate.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.FreeReason;
import io.consentgate.avro.MessageCategory;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/rules.md "Pricing", as a table: every category × inside or outside the customer service window × inside or outside
 * a free entry point × before or after 2026-10-01 → billed, or free and why. SERVICE is a free-form message; outside the
 * window the gate refuses it (WINDOW_CLOSED) before pricing, so its rows there only say what Meta would charge.
 */
class PricingPolicyTest {

    private static final Instant BEFORE_CHANGE = Instant.parse("2026-09-30T23:59:59Z");
    private static final Instant FROM_CHANGE = Instant.parse("2026-10-01T00:00:00Z");

    @ParameterizedTest(name = "{0}, window {1}, free entry point {2}, {3} → {4}")
    @CsvSource(textBlock = """
            # category,     window, entry point, when,   price
            MARKETING,      in,     in,          before, FREE_ENTRY_POINT
            MARKETING,      in,     in,          after,  FREE_ENTRY_POINT
            MARKETING,      in,     out,         before, BILLED
            MARKETING,      in,     out,         after,  BILLED
            MARKETING,      out,    in,          before, FREE_ENTRY_POINT
            MARKETING,      out,    in,          after,  FREE_ENTRY_POINT
            MARKETING,      out,    out,         before, BILLED
            MARKETING,      out,    out,         after,  BILLED
            AUTHENTICATION, in,     in,          before, FREE_ENTRY_POINT
            AUTHENTICATION, in,     in,          after,  FREE_ENTRY_POINT
            AUTHENTICATION, in,     out,         before, BILLED
            AUTHENTICATION, in,     out,         after,  BILLED
            AUTHENTICATION, out,    in,          before, FREE_ENTRY_POINT
            AUTHENTICATION, out,    in,          after,  FREE_ENTRY_POINT
            AUTHENTICATION, out,    out,         before, BILLED
            AUTHENTICATION, out,    out,         after,  BILLED
            UTILITY,        in,     in,          before, FREE_ENTRY_POINT
            UTILITY,        in,     in,          after,  FREE_ENTRY_POINT
            UTILITY,        in,     out,         before, CUSTOMER_SERVICE_WINDOW
            UTILITY,        in,     out,         after,  BILLED
            UTILITY,        out,    in,          before, FREE_ENTRY_POINT
            UTILITY,        out,    in,          after,  FREE_ENTRY_POINT
            UTILITY,        out,    out,         before, BILLED
            UTILITY,        out,    out,         after,  BILLED
            SERVICE,        in,     in,          before, FREE_ENTRY_POINT
            SERVICE,        in,     in,          after,  FREE_ENTRY_POINT
            SERVICE,        in,     out,         before, CUSTOMER_SERVICE_WINDOW
            SERVICE,        in,     out,         after,  BILLED
            SERVICE,        out,    in,          before, FREE_ENTRY_POINT
            SERVICE,        out,    in,          after,  FREE_ENTRY_POINT
            SERVICE,        out,    out,         before, BILLED
            SERVICE,        out,    out,         after,  BILLED
            """)
    void shouldPriceAsTheTableSays(MessageCategory category, String window, String entryPoint, String when, String price) {
        // Given the defaults, and the instant a second before the change or the change itself
        Instant now = when.equals("before") ? BEFORE_CHANGE : FROM_CHANGE;

        // When
        FreeReason reason = PricingPolicy.DEFAULTS.freeReason(category, window.equals("in"), entryPoint.equals("in"), now);

        // Then
        assertThat(reason == null ? "BILLED" : reason.name()).isEqualTo(price);
    }

    @Test
    void shouldTakeAnotherDateAndOtherAlwaysBilledCategoriesFromConfiguration() {
        // Given Meta moving the change and billing UTILITY always
        PricingPolicy changed = new PricingPolicy(Set.of(MessageCategory.MARKETING, MessageCategory.AUTHENTICATION, MessageCategory.UTILITY),
                Instant.parse("2027-01-01T00:00:00Z"));

        // Then a service reply in the window stays free after 2026-10-01, and UTILITY in it is billed
        assertThat(changed.freeReason(MessageCategory.SERVICE, true, false, FROM_CHANGE)).isEqualTo(FreeReason.CUSTOMER_SERVICE_WINDOW);
        assertThat(changed.freeReason(MessageCategory.UTILITY, true, false, FROM_CHANGE)).isNull();
    }
}
