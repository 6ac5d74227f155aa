package io.consentgate.domain.state;

import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.PHONE;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.delivered;
import static io.consentgate.domain.Fixtures.erasure;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.failed;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.optIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.policy.DeliveryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The undeliverable run (131026) and the pair back-off (131056), as the fold keeps them. */
class DeliveryFeedbackTest {

    private static final DeliveryPolicy POLICY = DeliveryPolicy.DEFAULTS;

    @Test
    void shouldSuppressAtTheThirdFailureInARowWithinThirtyDays() {
        // Given two undeliverable failures
        ContactFacts facts = fold(failure("u1", T0), failure("u2", T0.plus(Duration.ofDays(10))));
        assertThat(facts.delivery().isSuppressed()).isFalse();

        // When a third comes within 30 days of the first
        Instant third = T0.plus(Duration.ofDays(29));
        facts = FOLD.apply(facts, failure("u3", third));

        // Then the contact is suppressed from the third on
        assertThat(facts.delivery().suppressedSince()).isEqualTo(third);
    }

    @Test
    void shouldCountOnlyTheFailuresWithinTheWindowOfEachOther() {
        // Given failures 0, 20 and 40 days in: no three within 30 days
        ContactFacts facts = fold(failure("u1", T0), failure("u2", T0.plus(Duration.ofDays(20))), failure("u3", T0.plus(Duration.ofDays(40))));
        assertThat(facts.delivery().isSuppressed()).isFalse();

        // When a fourth comes at 45 days: 20, 40, 45 lie within 30 days
        facts = FOLD.apply(facts, failure("u4", T0.plus(Duration.ofDays(45))));

        // Then
        assertThat(facts.delivery().suppressedSince()).isEqualTo(T0.plus(Duration.ofDays(45)));
    }

    @Test
    void shouldStartTheRunAgainAfterADeliveredStatusAlsoWhenAnOlderFailureArrivesLate() {
        // Given two failures, then a delivered status
        ContactFacts facts = fold(failure("u1", T0), failure("u2", T0.plusSeconds(60)), event("ok", T0.plusSeconds(120), delivered()));

        // When a failure older than the delivered status arrives late, and one newer
        facts = FOLD.apply(facts, failure("late", T0.plusSeconds(90)));
        facts = FOLD.apply(facts, failure("u3", T0.plusSeconds(180)));

        // Then only the newer one is in the run
        assertThat(facts.delivery().undeliverableAt()).containsExactly(T0.plusSeconds(180));
        assertThat(facts.delivery().isSuppressed()).isFalse();
    }

    @Test
    void shouldLiftTheSuppressionOnlyWhenTheContactWritesOrOptsIn() {
        // Given a suppressed contact
        ContactFacts suppressed = fold(failure("u1", T0), failure("u2", T0.plusSeconds(60)), failure("u3", T0.plusSeconds(120)));

        // When a delivered status comes (a late one of an older send), or the contact writes, or opts in
        ContactFacts afterDelivered = FOLD.apply(suppressed, event("ok", T0.plusSeconds(180), delivered()));
        ContactFacts afterWriting = FOLD.apply(suppressed, event("in", T0.plusSeconds(180), inbound("m1", "hola")));
        ContactFacts afterOptIn = FOLD.apply(suppressed, event("oi", T0.plusSeconds(180), optIn("c1", ConsentCategory.ALL)));

        // Then only the contact's own acts lift it, and an older message does not
        assertThat(afterDelivered.delivery().isSuppressed()).isTrue();
        assertThat(afterWriting.delivery().isSuppressed()).isFalse();
        assertThat(afterOptIn.delivery().isSuppressed()).isFalse();
        assertThat(FOLD.apply(suppressed, event("old", T0.plusSeconds(30), inbound("m0", "hola"))).delivery().isSuppressed()).isTrue();
    }

    @Test
    void shouldSuppressAgainAfterALiftWhenThreeMoreFail() {
        ContactFacts facts = fold(failure("u1", T0), failure("u2", T0.plusSeconds(60)), failure("u3", T0.plusSeconds(120)),
                event("in", T0.plusSeconds(180), inbound("m1", "hola")), failure("v1", T0.plusSeconds(240)), failure("v2", T0.plusSeconds(300)));
        assertThat(facts.delivery().isSuppressed()).isFalse();

        facts = FOLD.apply(facts, failure("v3", T0.plusSeconds(360)));

        assertThat(facts.delivery().suppressedSince()).isEqualTo(T0.plusSeconds(360));
    }

    @Test
    void shouldBackThePairOffFromTheLatestPairRateLimit() {
        // Given two 131056 of sender-1, the later arriving first
        ContactFacts facts = fold(event("p2", T0.plusSeconds(30), failed(131056)), event("p1", T0, failed(131056)));

        // Then the back-off runs from the latest, for that sender only
        assertThat(facts.delivery().pairBackoffUntil(Fixtures.SENDER, POLICY)).isEqualTo(T0.plusSeconds(30).plus(POLICY.pairBackoff()));
        assertThat(facts.delivery().pairBackoffUntil("sender-2", POLICY)).isNull();
    }

    @Test
    void shouldForgetDeliveryFeedbackOnErasure() {
        ContactFacts facts = fold(failure("u1", T0), failure("u2", T0.plusSeconds(60)), failure("u3", T0.plusSeconds(120)),
                event("pr", T0.plusSeconds(130), failed(131056)), event("er", T0.plusSeconds(200), erasure()));

        assertThat(facts.delivery()).isEqualTo(DeliveryFeedback.NONE);
    }

    @Test
    void shouldMergeTwoIdentitiesRunsAndKeepTheSuppressionInForce() {
        // Given a suppressed phone number and a BSUID with one failure and a pair limit
        ContactFacts phone = fold(failure("u1", T0), failure("u2", T0.plusSeconds(60)), failure("u3", T0.plusSeconds(120)));
        ContactFacts bsuid = fold(failure("b1", T0.plusSeconds(90)), event("pr", T0.plusSeconds(100), failed(131056)));

        // When merged
        DeliveryFeedback merged = PersonMerge.merge(bsuid, phone).delivery();

        // Then
        assertThat(merged.suppressedSince()).isEqualTo(T0.plusSeconds(120));
        assertThat(merged.undeliverableAt()).hasSize(4);
        assertThat(merged.pairBackoffUntil(Fixtures.SENDER, POLICY)).isNotNull();
    }

    @Test
    void shouldKeepABoundedRun() {
        // Given a long run with a policy that never suppresses within it
        DeliveryPolicy never = new DeliveryPolicy(1000, Duration.ofDays(30), Duration.ZERO, Duration.ZERO);
        DeliveryFeedback feedback = DeliveryFeedback.NONE;
        for (int i = 0; i < 100; i++) {
            feedback = feedback.undeliverable(T0.plusSeconds(i), never);
        }

        // Then only the newest are kept
        assertThat(feedback.undeliverableAt()).hasSize(DeliveryFeedback.KEPT_FAILURES).last().isEqualTo(T0.plusSeconds(99));
    }

    private static ContactEvent failure(String eventId, Instant at) {
        return event(eventId, PHONE, at, failed(131026));
    }

    private static ContactFacts fold(ContactEvent... events) {
        ContactFacts facts = null;
        for (ContactEvent event : List.of(events)) {
            facts = FOLD.apply(facts, event);
        }
        return facts;
    }
}
