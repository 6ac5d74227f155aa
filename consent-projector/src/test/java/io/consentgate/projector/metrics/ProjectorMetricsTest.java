package io.consentgate.projector.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ProjectorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void shouldCountOptInsOptOutsAndErasuresFromZero() {
        // Given / When a projector that has applied nothing yet
        ProjectorMetrics metrics = new ProjectorMetrics(registry);

        // Then: a series at 0 for every channel and scope, so that the dashboard shows 0 rather than "No data"
        assertThat(registry.find("consentgate.projector.opt.ins").counters()).hasSize(11 * 5)
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
        assertThat(registry.find("consentgate.projector.opt.outs").tags("channel", "WHATSAPP", "scope", "MARKETING").counter().count()).isZero();
        assertThat(registry.find("consentgate.projector.keyword.opt.outs").counters())
                .extracting(counter -> counter.getId().getTag("method"))
                .containsExactlyInAnyOrder("KEYWORD", "STOP_PROMOTIONS_BUTTON");

        // and an erasure counts on the same series
        metrics.erased();
        assertThat(registry.find("consentgate.projector.erasures").counters()).singleElement().extracting(Counter::count).isEqualTo(1.0);
    }
}
