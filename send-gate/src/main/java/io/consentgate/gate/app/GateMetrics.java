package io.consentgate.gate.app;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.decision.Decision;
import io.consentgate.gate.topology.GateDecision;
import io.consentgate.gate.topology.GateObserver;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.MisroutedRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate's Prometheus metrics: {@code consentgate_decisions_total{outcome,reason,category,business}},
 * {@code consentgate_decision_latency_seconds} (request record timestamp to decision, a histogram),
 * {@code consentgate_quota_used_contacts} / {@code consentgate_quota_limit_contacts} per business,
 * {@code consentgate_fence_gaps_total}, {@code consentgate_records_skipped_total{topic}} (from zero for the
 * three topics the gate reads) and {@code consentgate_misrouted_records_total{topic, service}} (from zero for
 * contact-events and outbound-requests, the topics whose partitioning matters).
 */
final class GateMetrics implements GateObserver {

    private static final Logger log = LoggerFactory.getLogger(GateMetrics.class);
    private static final String SERVICE = "send-gate";

    private final MeterRegistry registry;
    private final Timer latency;
    private final Counter fenceGaps;
    private final MisroutedRecords misrouted;
    private final Map<String, Quota> quotas = new ConcurrentHashMap<>();
    private final Map<DecisionKind, Counter> decisions = new ConcurrentHashMap<>();

    GateMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("consentgate.decision.latency")
                .description("From the request's record timestamp to its decision leaving the topology")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.fenceGaps = Counter.builder("consentgate.fence.gaps")
                .description("Ranges of contact-events offsets with nothing to fold (transaction markers, undecodable records), skipped by a fetch fence")
                .register(registry);
        this.misrouted = new MisroutedRecords(registry, SERVICE, List.of(Topics.CONTACT_EVENTS.name(), Topics.OUTBOUND_REQUESTS.name()));
        // From zero, so that a dashboard shows 0 rather than nothing, and the first skip is an increase.
        for (Topic<?> read : List.of(Topics.CONTACT_EVENTS, Topics.BUSINESS_EVENTS, Topics.OUTBOUND_REQUESTS)) {
            skippedOf(read.name());
        }
    }

    @Override
    public void decided(GateDecision decision, long latencyMillis) {
        String reason = decision.decision() instanceof Decision.Rejected rejected ? rejected.reason().name() : null;
        decisions.computeIfAbsent(new DecisionKind(reason, decision.category(), String.valueOf(decision.request().getBusinessId())),
                this::registerDecisions).increment();
        latency.record(Math.max(0, latencyMillis), TimeUnit.MILLISECONDS);
    }

    /** Once per kind: building the tags and looking the meter up for every decision was 3.7% of the stream threads (issue 17). */
    private Counter registerDecisions(DecisionKind kind) {
        return Counter.builder("consentgate.decisions")
                .description("Decisions by outcome, rejection reason, message category and business")
                .tag("outcome", kind.rejectionReason() == null ? "approved" : "rejected")
                .tag("reason", kind.rejectionReason() == null ? "NONE" : kind.rejectionReason())
                .tag("category", kind.category().name())
                .tag("business", kind.businessId())
                .register(registry);
    }

    @Override
    public void quotaUsed(String businessId, int countedContacts, int limit) {
        Quota quota = quotas.computeIfAbsent(businessId, this::registerQuota);
        quota.used.set(countedContacts);
        quota.limit.set(limit);
    }

    /** Logged at INFO for contact-events; on the rerouted topic the gate writes in transactions, a marker follows every batch. */
    @Override
    public void fenceGapSkipped(String topic, int partition, long from, long to) {
        if (Topics.CONTACT_EVENTS.name().equals(topic)) {
            log.info("{} partition {}: offsets {} to {} hold nothing to fold (transaction markers, undecodable records); skipped",
                    topic, partition, from, to - 1);
        } else {
            log.debug("{} partition {}: offsets {} to {} hold nothing to fold (transaction markers); skipped", topic, partition, from, to - 1);
        }
        fenceGaps.increment();
    }

    @Override
    public void misrouted(String topic, int partition, long offset, int home) {
        misrouted.rerouted(topic, partition, offset, home);
    }

    @Override
    public void skipped(String topic, String reason) {
        log.warn("Skipped a record of {}: {}", topic, reason);
        skippedOf(topic).increment();
    }

    private Counter skippedOf(String topic) {
        return registry.counter("consentgate.records.skipped", "topic", topic);
    }

    private Quota registerQuota(String businessId) {
        Quota quota = new Quota(new AtomicInteger(), new AtomicInteger());
        Gauge.builder("consentgate.quota.used.contacts", quota.used, AtomicInteger::get)
                .description("Unique contacts counted toward the messaging limit in the moving 24 h (as of this instance's last admission)")
                .tag("business", businessId).register(registry);
        Gauge.builder("consentgate.quota.limit.contacts", quota.limit, AtomicInteger::get)
                .description("The business's messaging limit: unique contacts per moving 24 h")
                .tag("business", businessId).register(registry);
        return quota;
    }

    private record Quota(AtomicInteger used, AtomicInteger limit) {
    }

    /** @param rejectionReason null for an approval */
    private record DecisionKind(String rejectionReason, MessageCategory category, String businessId) {
    }
}
