package io.consentgate.domain.properties;

import static io.consentgate.domain.Fixtures.FOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ContactFactsProperties implements HistoryProviders {

    @Property(tries = 1000)
    void shouldFoldTheSameHistoryToEqualFactsEveryTime(@ForAll("histories") List<ContactEvent> history) {
        // Given a contact's history; When it is folded twice
        ContactFacts first = fold(history);
        ContactFacts second = fold(history);

        // Then
        assertThat(second).isEqualTo(first);
    }

    @Property(tries = 1000)
    void shouldChangeNothingWhenAnAppliedEventIsAppliedAgain(@ForAll("histories") List<ContactEvent> history, @ForAll("indexes") int pick) {
        // Given a contact's history, folded
        ContactFacts state = fold(history);
        if (history.isEmpty()) {
            return;
        }

        // When one of its events is delivered again (a webhook retry, a replay)
        ContactEvent again = history.get(pick % history.size());

        // Then
        assertThat(FOLD.apply(state, again)).isEqualTo(state);
    }

    @Property(tries = 1000)
    void shouldApproveNoTemplateOfAScopeOptedOutAfterEveryOptInOfItOutsideAWindow(
            @ForAll("histories") List<ContactEvent> history, @ForAll("scopes") ConsentScope scope,
            @ForAll("requests") SendRequest anyRequest, @ForAll("laterHours") int hoursLater) {
        // Given any history, then an opt-out of a scope newer than everything in it
        Instant newest = history.stream().map(ContactEvent::getOccurredAt).max(Instant::compareTo).orElse(Fixtures.T0);
        ContactFacts state = FOLD.apply(fold(history), Fixtures.event("the-opt-out", newest.plusSeconds(1), Fixtures.optOut(List.of(scope))));

        // When a template of that scope is requested once every window has closed
        SendRequest request = coveredBy(scope, anyRequest);
        Instant now = newest.plus(Duration.ofHours(24 + hoursLater));
        Decision decision = SendPolicy.decide(request, state, DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, Fixtures.approvedTemplate(request.getTemplate()), now);

        // Then
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
    }

    @Property(tries = 1000)
    void shouldDecideTheSameWayEveryTimeAndAfterTheStateWasStored(
            @ForAll("histories") List<ContactEvent> history, @ForAll("requests") SendRequest request, @ForAll("laterHours") int hoursLater) {
        // Given
        ContactFacts state = fold(history);
        ContactFacts stored = state == null ? null : ContactFactsAvro.fromAvro(ContactFactsAvro.toAvro(state));
        Instant now = Fixtures.T0.plus(Duration.ofHours(hoursLater));
        var template = request.getTemplate() == null ? null : Fixtures.approvedTemplate(request.getTemplate());

        // When
        Decision first = SendPolicy.decide(request, state, DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);
        Decision second = SendPolicy.decide(request, state, DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);
        Decision fromStore = SendPolicy.decide(request, stored, DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(fromStore).isEqualTo(first);
    }

    @Provide
    Arbitrary<Integer> laterHours() {
        return Arbitraries.integers().between(0, 24 * 40);
    }

    /** A template request the scope covers: its category (any, for ALL) and its topic (any, for a whole category). */
    private static SendRequest coveredBy(ConsentScope scope, SendRequest anyRequest) {
        MessageCategory category = scope.getCategory() == ConsentCategory.ALL
                ? anyRequest.getTemplate() == null ? MessageCategory.MARKETING : anyRequest.getTemplate().getCategory()
                : MessageCategory.valueOf(scope.getCategory().name());
        String topic = scope.getTopic() != null ? scope.getTopic() : anyRequest.getConsentTopic();
        return Fixtures.request("req", Fixtures.PHONE, MessageKind.TEMPLATE, Fixtures.templateRef(category), topic);
    }

    private static ContactFacts fold(List<ContactEvent> history) {
        ContactFacts state = null;
        for (ContactEvent event : history) {
            state = FOLD.apply(state, event);
        }
        return state;
    }
}
