package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GateMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldCountSkippedRecordsFromZeroForEveryTopicTheGateReads() {
        // Given / When a gate that has skipped nothing yet
        GateMetrics metrics = new GateMetrics(registry);

        // Then: a series at 0 per topic, so that the dashboard shows 0 rather than "No data"
        assertThat(registry.find("consentgate.records.skipped").counters())
                .extracting(counter -> counter.getId().getTag("topic") + "=" + counter.count())
                .containsExactlyInAnyOrder("contact-events=0.0", "business-events=0.0", "outbound-requests=0.0");
        metrics.skipped("outbound-requests", "a request without a value (a tombstone) cannot be decided");
        assertThat(registry.find("consentgate.records.skipped").tag("topic", "outbound-requests").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
    }

    @Test
    void shouldCountMisroutedRecordsFromZeroForTheTopicsWhosePartitioningMatters() {
        // Given / When a gate that has read nothing misrouted yet
        GateMetrics metrics = new GateMetrics(registry);

        // Then
        assertThat(registry.find("consentgate.misrouted.records").counters())
                .extracting(counter -> counter.getId().getTag("service") + " " + counter.getId().getTag("topic") + "=" + counter.count())
                .containsExactlyInAnyOrder("send-gate contact-events=0.0", "send-gate outbound-requests=0.0");
        metrics.misrouted("outbound-requests", 2, 41, 1);
        assertThat(registry.find("consentgate.misrouted.records").tag("topic", "outbound-requests").counters())
                .singleElement().extracting(Counter::count).isEqualTo(1.0);
    }
}
