package io.consentgate.domain.properties;

import static io.consentgate.domain.Fixtures.FOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.policy.DeliveryPolicy;
import io.consentgate.domain.state.ContactFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The undeliverable count against a model written from the spec's sentence: "after 3 in a row within 30 days the contact is
 * suppressed until it writes or opts in again"; a delivered status resets "in a row".
 */
class DeliveryFeedbackProperties {

    private static final DeliveryPolicy POLICY = DeliveryPolicy.DEFAULTS;

    /** A status of the contact: day offset (hours) and kind: F failure 131026, D delivered, W the contact writes, O other failure. */
    record Step(int hour, char kind) {
    }

    @Property(tries = 1000)
    void shouldSuppressExactlyWhenTheModelSaysInTimeOrder(@ForAll("histories") List<Step> history) {
        // Given a history folded in time order
        List<Step> inOrder = new ArrayList<>(history);
        inOrder.sort((a, b) -> Integer.compare(a.hour(), b.hour()));

        // When
        ContactFacts facts = fold(inOrder);

        // Then the fold and the model agree
        assertThat(facts == null ? null : facts.delivery().suppressedSince()).isEqualTo(model(inOrder));
    }

    @Property(tries = 1000)
    void shouldNotDependOnTheOrderFailuresArriveIn(@ForAll("failureHours") List<Integer> hours, @ForAll long seed) {
        // Given failures only (no resets), in time order and shuffled
        List<Step> inOrder = hours.stream().sorted().map(hour -> new Step(hour, 'F')).toList();
        List<Step> shuffled = new ArrayList<>(inOrder);
        Collections.shuffle(shuffled, new Random(seed));

        // When / Then
        ContactFacts ordered = fold(inOrder);
        ContactFacts arrived = fold(shuffled);
        assertThat(arrived.delivery().suppressedSince()).isEqualTo(ordered.delivery().suppressedSince());
        assertThat(arrived.delivery().undeliverableAt()).isEqualTo(ordered.delivery().undeliverableAt());
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 24 * 90),
                Arbitraries.of('F', 'F', 'F', 'D', 'W', 'O')).as(Step::new);
        return step.list().ofMaxSize(20).uniqueElements(Step::hour);
    }

    @Provide
    Arbitrary<List<Integer>> failureHours() {
        return Arbitraries.integers().between(0, 24 * 90).list().ofMinSize(1).ofMaxSize(DeliveryFeedbackPropertiesLimits.RUN).uniqueElements();
    }

    /** The spec, plainly: walk the statuses in time order; a reset empties the run; the contact writing lifts. */
    private static Instant model(List<Step> inOrder) {
        List<Instant> run = new ArrayList<>();
        Instant suppressedSince = null;
        for (Step step : inOrder) {
            Instant at = at(step);
            switch (step.kind()) {
                case 'F' -> {
                    run.add(at);
                    int within = 0;
                    for (Instant failure : run) {
                        if (Duration.between(failure, at).compareTo(POLICY.undeliverableWindow()) < 0) {
                            within++;
                        }
                    }
                    if (within >= POLICY.undeliverableThreshold() && suppressedSince == null) {
                        suppressedSince = at;
                    }
                }
                case 'D' -> run.clear();
                case 'W' -> {
                    run.clear();
                    suppressedSince = null;
                }
                default -> {
                }
            }
        }
        return suppressedSince;
    }

    private static ContactFacts fold(List<Step> steps) {
        ContactFacts facts = null;
        for (Step step : steps) {
            Object payload = switch (step.kind()) {
                case 'F' -> Fixtures.failed(131026);
                case 'D' -> Fixtures.delivered();
                case 'W' -> Fixtures.inbound("m" + step.hour(), "hola");
                default -> Fixtures.failed(131000);
            };
            ContactEvent event = Fixtures.event("e" + step.hour(), at(step), payload);
            facts = FOLD.apply(facts, event);
        }
        return facts;
    }

    private static Instant at(Step step) {
        return Fixtures.T0.plus(Duration.ofHours(step.hour()));
    }

    /** Within the bound the fold keeps, the result cannot depend on arrival order. */
    private static final class DeliveryFeedbackPropertiesLimits {
        static final int RUN = io.consentgate.domain.state.DeliveryFeedback.KEPT_FAILURES;
    }
}
