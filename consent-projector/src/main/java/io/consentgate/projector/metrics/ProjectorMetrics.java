package io.consentgate.projector.metrics;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.projector.topology.ConsentFact;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The projector's counters (Prometheus names in brackets):
 * events applied by type and channel ({@code consentgate_projector_events_applied_total}),
 * opt-ins and opt-outs by channel and scope ({@code consentgate_projector_opt_ins_total},
 * {@code consentgate_projector_opt_outs_total}), keyword opt-outs
 * ({@code consentgate_projector_keyword_opt_outs_total}) and erasures
 * ({@code consentgate_projector_erasures_total}). Only events that changed a state count, so a
 * replay or a duplicate counts nothing.
 */
public final class ProjectorMetrics {

    private static final String NONE = "none";

    private final MeterRegistry registry;

    public ProjectorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void applied(ContactEvent event, Optional<ConsentFact> fact) {
        String channel = fact.map(ConsentFact::channel).map(Enum::name).orElse(NONE);
        registry.counter("consentgate.projector.events.applied",
                "type", event.getPayload().getClass().getSimpleName(), "channel", channel).increment();
        fact.ifPresent(this::consentFact);
    }

    public void erased() {
        registry.counter("consentgate.projector.erasures").increment();
    }

    private void consentFact(ConsentFact fact) {
        String channel = fact.channel().name();
        switch (fact.kind()) {
            case OPT_IN -> fact.scopes().forEach(scope -> registry.counter("consentgate.projector.opt.ins",
                    "channel", channel, "scope", scope.category()).increment());
            case OPT_OUT -> {
                fact.scopes().forEach(scope -> registry.counter("consentgate.projector.opt.outs",
                        "channel", channel, "scope", scope.category()).increment());
                if (fact.method() == OptOutMethod.KEYWORD || fact.method() == OptOutMethod.STOP_PROMOTIONS_BUTTON) {
                    registry.counter("consentgate.projector.keyword.opt.outs", "method", fact.method().name()).increment();
                }
            }
            default -> {
            }
        }
    }
}
