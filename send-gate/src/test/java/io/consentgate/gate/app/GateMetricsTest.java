package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.domain.decision.Decision;
import io.consentgate.gate.Samples;
import io.consentgate.gate.topology.GateDecision;
import io.consentgate.schemas.ContactKey;
import io.micrometer.core.instrument.Counter;
import java.time.Instant;
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

    @Test
    void shouldCountDecisionsOfOneKindOnOneSeriesAndEachKindOnItsOwn() {
        // Given
        GateMetrics metrics = new GateMetrics(registry);
        Instant now = Instant.parse("2026-12-07T05:00:00Z");
        ContactKey ana = new ContactKey("biz-1", "+34612345678");
        ContactKey bruno = new ContactKey("biz-2", "+34612345679");

        // When: two rejections of one kind (reason, category, business), one of another business
        metrics.decided(rejected(ana, "r-1", now), 12);
        metrics.decided(rejected(ana, "r-2", now), 12);
        metrics.decided(rejected(bruno, "r-3", now), 12);

        // Then
        assertThat(registry.find("consentgate.decisions").counters())
                .extracting(counter -> counter.getId().getTag("outcome") + " " + counter.getId().getTag("reason") + " "
                        + counter.getId().getTag("category") + " " + counter.getId().getTag("business") + "=" + counter.count())
                .containsExactlyInAnyOrder("rejected NO_CONSENT MARKETING biz-1=2.0", "rejected NO_CONSENT MARKETING biz-2=1.0");
    }

    private static GateDecision rejected(ContactKey key, String requestId, Instant at) {
        return new GateDecision(Samples.template(key, requestId, "spring_sale", MessageCategory.MARKETING, at),
                new Decision.Rejected(RejectionReason.NO_CONSENT, "no opt-in", null, null, at), at.toEpochMilli());
    }
}
