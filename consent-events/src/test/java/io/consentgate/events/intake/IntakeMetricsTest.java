package io.consentgate.events.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.events.publisher.ContactFact;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
                        "invalid_message", "invalid_status", "invalid_user_preference", "invalid_template_status", "invalid_template_category", "replayed_delivery");
        assertThat(registry.find("consentgate.events.published").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero())
                .extracting(counter -> counter.getId().getTag("type"))
                .containsExactlyInAnyOrder("OptIn", "OptOut", "InboundMessage", "MarketingPreferenceChanged", "DeliveryStatusReported",
                        "ErasureRequested", "IdentityLinked", "SenderQualityChanged", "MessagingLimitChanged", "TemplateStatusChanged", "TemplateCategoryChanged", "SenderRateLimited", "TemplatesListed");
        assertThat(registry.find("consentgate.webhook.delivery.errors").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero())
                .extracting(counter -> counter.getId().getTag("code"))
                .containsExactlyInAnyOrder("131026", "131047", "131048", "131049", "131050", "131056", "130429");
        assertThat(registry.find("consentgate.webhook.signature.failures").counter().count()).isZero();

        // and the first of each counts on the same series
        metrics.refusedWebhookItem("unknown_account");
        metrics.published("OptIn", Duration.ofMillis(3));
        assertThat(registry.find("consentgate.webhook.refused").tag("reason", "unknown_account").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
        assertThat(registry.find("consentgate.events.published").tag("type", "OptIn").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
    }

    @Test
    void shouldCountEveryErrorCodeOfThePublishedDeliveryStatusesByCode() {
        // Given
        IntakeMetrics metrics = new IntakeMetrics(registry);
        DeliveryStatusReported failed = DeliveryStatusReported.newBuilder().setSenderId("106540352242922").setMessageId("wamid.1")
                .setStatus(DeliveryStatus.FAILED).setErrorCodes(List.of(131026, 131000)).build();

        // When a status with two codes is published twice
        ContactFact fact = new ContactFact("evt-1", "acme", "+34612345678", Instant.parse("2026-06-01T10:00:00Z"), "whatsapp-webhook", failed);
        metrics.deliveryErrors(List.of(fact, fact));

        // Then each code counts, also one not known up front
        assertThat(registry.find("consentgate.webhook.delivery.errors").tag("code", "131026").counter().count()).isEqualTo(2.0);
        assertThat(registry.find("consentgate.webhook.delivery.errors").tag("code", "131000").counter().count()).isEqualTo(2.0);
        assertThat(registry.find("consentgate.webhook.delivery.errors").tag("code", "131047").counter().count()).isZero();
    }
}
