package io.consentgate.events.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IntakeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldCountEveryRefusalReasonAndEventTypeFromZero() {
        // Given / When an intake that has received nothing yet
        IntakeMetrics metrics = new IntakeMetrics(registry);

        // Then: a series at 0 for each value known up front, so that the dashboard shows 0 rather than "No data"
        assertThat(registry.find("consentgate.webhook.refused").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero())
                .extracting(counter -> counter.getId().getTag("reason"))
                .containsExactlyInAnyOrder("invalid_change", "unknown_account", "no_sender", "unknown_sender", "no_contact",
                        "invalid_message", "invalid_status", "invalid_user_preference", "invalid_template_status", "replayed_delivery");
        assertThat(registry.find("consentgate.events.published").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero())
                .extracting(counter -> counter.getId().getTag("type"))
                .containsExactlyInAnyOrder("OptIn", "OptOut", "InboundMessage", "MarketingPreferenceChanged", "DeliveryStatusReported",
                        "ErasureRequested", "IdentityLinked", "SenderQualityChanged", "MessagingLimitChanged", "TemplateStatusChanged");
        assertThat(registry.find("consentgate.webhook.signature.failures").counter().count()).isZero();

        // and the first of each counts on the same series
        metrics.refusedWebhookItem("unknown_account");
        metrics.published("OptIn", Duration.ofMillis(3));
        assertThat(registry.find("consentgate.webhook.refused").tag("reason", "unknown_account").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
        assertThat(registry.find("consentgate.events.published").tag("type", "OptIn").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
    }
}
