package io.consentgate.projector.metrics;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.projector.topology.ConsentFact;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.MisroutedRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The projector's counters (Prometheus names in brackets):
 * events applied by type and channel ({@code consentgate_projector_events_applied_total}),
 * opt-ins and opt-outs by channel and scope ({@code consentgate_projector_opt_ins_total},
 * {@code consentgate_projector_opt_outs_total}), keyword opt-outs
 * ({@code consentgate_projector_keyword_opt_outs_total}) and erasures
 * ({@code consentgate_projector_erasures_total}), and contact events read off their key's home partition
 * ({@code consentgate_misrouted_records_total{topic="contact-events", service="consent-projector"}}, from zero). Only events that changed a state count, so a
 * replay or a duplicate counts nothing. All but the events applied start at zero for every channel, scope and method.
 */
public final class ProjectorMetrics {

    private static final String NONE = "none";
    private static final Set<OptOutMethod> KEYWORD_METHODS = EnumSet.of(OptOutMethod.KEYWORD, OptOutMethod.STOP_PROMOTIONS_BUTTON);

    private final MeterRegistry registry;
    private final MisroutedRecords misrouted;

    public ProjectorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.misrouted = new MisroutedRecords(registry, "consent-projector", List.of(Topics.CONTACT_EVENTS.name()));
        // From zero for every value known up front, so that a dashboard shows 0 rather than nothing, and the first
        // opt-in or opt-out is an increase. (Events applied are not: most type and channel pairs never occur.)
        for (Channel channel : Channel.values()) {
            for (ConsentCategory scope : ConsentCategory.values()) {
                optIns(channel.name(), scope.name());
                optOuts(channel.name(), scope.name());
            }
        }
        KEYWORD_METHODS.forEach(this::keywordOptOuts);
        erasures();
    }

    public void applied(ContactEvent event, Optional<ConsentFact> fact) {
        String channel = fact.map(ConsentFact::channel).map(Enum::name).orElse(NONE);
        registry.counter("consentgate.projector.events.applied",
                "type", event.getPayload().getClass().getSimpleName(), "channel", channel).increment();
        fact.ifPresent(this::consentFact);
    }

    /** A contact event read off its key's home partition, rerouted there (counted and logged by {@link MisroutedRecords}). */
    public void misrouted(String topic, int partition, long offset, int home) {
        misrouted.rerouted(topic, partition, offset, home);
    }

    public void erased() {
        erasures().increment();
    }

    private void consentFact(ConsentFact fact) {
        String channel = fact.channel().name();
        switch (fact.kind()) {
            case OPT_IN -> fact.scopes().forEach(scope -> optIns(channel, scope.category()).increment());
            case OPT_OUT -> {
                fact.scopes().forEach(scope -> optOuts(channel, scope.category()).increment());
                if (KEYWORD_METHODS.contains(fact.method())) {
                    keywordOptOuts(fact.method()).increment();
                }
            }
            default -> {
            }
        }
    }

    private Counter optIns(String channel, String scope) {
        return registry.counter("consentgate.projector.opt.ins", "channel", channel, "scope", scope);
    }

    private Counter optOuts(String channel, String scope) {
        return registry.counter("consentgate.projector.opt.outs", "channel", channel, "scope", scope);
    }

    private Counter keywordOptOuts(OptOutMethod method) {
        return registry.counter("consentgate.projector.keyword.opt.outs", "method", method.name());
    }

    private Counter erasures() {
        return registry.counter("consentgate.projector.erasures");
    }
}
