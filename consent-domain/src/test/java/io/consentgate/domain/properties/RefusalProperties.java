package io.consentgate.domain.properties;

import static io.consentgate.domain.Fixtures.FOLD;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.SenderRelation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.domain.keyword.KeywordIntent;
import io.consentgate.domain.keyword.KeywordLists;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The invariants of refusals: an opt-out holds but for its named exceptions, ties do not depend on arrival, erasure forgets none. */
class RefusalProperties implements HistoryProviders {

    private static final Instant OPT_OUT_AT = Fixtures.T0.plusSeconds(60);

    @Property(tries = 2000)
    void shouldApproveNothingOfAnOptedOutScopeButItsConfirmationAndRepliesInANewConversation(
            @ForAll("histories") List<ContactEvent> history, @ForAll("scopes") ConsentScope scope, @ForAll boolean byKeyword,
            @ForAll("laterEvents") List<ContactEvent> later, @ForAll("requests") SendRequest anyRequest, @ForAll boolean confirming,
            @ForAll("minutesLater") int minutesLater) {
        // Given any history, an opt-out of a scope newer than all of it, then anything but a new opt-in
        ContactFacts state = fold(history);
        state = FOLD.apply(state, Fixtures.event("the-opt-out", OPT_OUT_AT, optOut(scope, byKeyword)));
        for (ContactEvent event : later) {
            state = FOLD.apply(state, event);
        }

        // When a message of that scope is requested, maybe as the opt-out's confirmation
        SendRequest request = coveredBy(scope, anyRequest);
        if (confirming) {
            request.setConfirmsOptOut("the-opt-out");
        }
        Instant now = OPT_OUT_AT.plus(Duration.ofMinutes(minutesLater));
        var template = request.getTemplate() == null ? null : Fixtures.approvedTemplate(request.getTemplate());
        Decision decision = SendPolicy.decide(request, state, DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);

        // Then it is refused, or it is one of the named exceptions
        if (decision instanceof Decision.Approved approved) {
            SenderRelation relation = state.sender(request.getSenderId());
            boolean confirmation = approved.basis() == ApprovalBasis.OPT_OUT_CONFIRMATION
                    && now.isBefore(OPT_OUT_AT.plus(Duration.ofHours(24))) && approved.pricingCategory() != MessageCategory.MARKETING;
            boolean replyInNewConversation = approved.basis() == ApprovalBasis.CUSTOMER_SERVICE_WINDOW
                    && approved.pricingCategory() != MessageCategory.MARKETING
                    && relation.lastInboundAt() != null && relation.lastInboundAt().isAfter(OPT_OUT_AT);
            assertThat(confirmation || replyInNewConversation).as("approved %s after the opt-out of %s", approved, scope).isTrue();
        }
    }

    @Property(tries = 5000)
    void shouldReachTheSameFactsWhateverTheArrivalOrderOfEventsOfOneInstant(
            @ForAll("histories") List<ContactEvent> history, @ForAll("tiedPayloads") List<Object> payloads, @ForAll long seed) {
        // Given a history, then events of one instant after it (an erasure among them or not). Known exception: an erasure
        // and an opt-back-in keyword of the same instant; if the keyword comes first, the keyword opt-out it lifted is gone
        // with the erasure (both ways every send stays refused; only the reason differs later: NO_CONSENT or OPTED_OUT).
        Assume.that(!(payloads.stream().anyMatch(ErasureRequested.class::isInstance)
                && payloads.stream().anyMatch(payload -> payload instanceof InboundMessage message
                        && KeywordLists.DEFAULTS.intentOf(message) == KeywordIntent.OPT_BACK_IN)));
        ContactFacts before = fold(history);
        Instant at = history.stream().map(ContactEvent::getOccurredAt).max(Instant::compareTo).orElse(Fixtures.T0).plusSeconds(60);
        List<ContactEvent> tied = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            tied.add(Fixtures.event("tied-" + i, at, payloads.get(i)));
        }

        // When they arrive in two orders
        List<ContactEvent> shuffled = new ArrayList<>(tied);
        Collections.shuffle(shuffled, new Random(seed));
        ContactFacts inOrder = foldOnto(before, tied);
        ContactFacts reordered = foldOnto(before, shuffled);

        // Then the facts are the same, but for the order the ids were remembered in
        assertThat(withoutIdOrder(reordered)).isEqualTo(withoutIdOrder(inOrder));
    }

    @Property(tries = 2000)
    void shouldNotTurnAMarketingRefusalIntoAnApprovalByAnErasure(
            @ForAll("histories") List<ContactEvent> history, @ForAll("indexes") int erasureArrives, @ForAll("requests") SendRequest anyRequest,
            @ForAll("minutesLater") int minutesLater) {
        // Given a history in which marketing is refused as an opt-out or a marketing stop
        SendRequest request = Fixtures.request("req", Fixtures.PHONE, MessageKind.TEMPLATE, Fixtures.templateRef(MessageCategory.MARKETING),
                anyRequest.getConsentTopic());
        Instant newest = history.stream().map(ContactEvent::getOccurredAt).max(Instant::compareTo).orElse(Fixtures.T0);
        Instant now = newest.plus(Duration.ofMinutes(10 + minutesLater));
        var template = Fixtures.approvedTemplate(request.getTemplate());
        Decision before = SendPolicy.decide(request, fold(history), DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);
        if (!(before instanceof Decision.Rejected rejected)
                || rejected.reason() != RejectionReason.OPTED_OUT && rejected.reason() != RejectionReason.MARKETING_STOPPED) {
            return;
        }

        // When the contact is erased after all of it (with any of it arriving late), then writes again
        List<ContactEvent> arrivals = new ArrayList<>(history);
        arrivals.add(erasureArrives % (history.size() + 1), Fixtures.event("the-erasure", newest.plusSeconds(1), Fixtures.erasure()));
        arrivals.add(Fixtures.event("comes-back", newest.plusSeconds(2), Fixtures.inbound("wamid.back", "hola")));
        Decision after = SendPolicy.decide(request, fold(arrivals), DecidedRequests.NONE, Fixtures.healthySender(), Fixtures.POLICY, template, now);

        // Then marketing is still refused
        assertThat(after).as("before: %s", before).isInstanceOf(Decision.Rejected.class);
    }

    @Provide
    Arbitrary<Integer> minutesLater() {
        return Arbitraries.integers().between(0, 3 * 24 * 60);
    }

    /** After the opt-out: messages (a STOP or a greeting, opening windows anew), stops, resumes, delivery feedback; no opt-in. */
    @Provide
    Arbitrary<List<ContactEvent>> laterEvents() {
        Arbitrary<Object> payloads = Arbitraries.oneOf(
                Arbitraries.of("hola", "STOP", "please don't stop").map(text -> (Object) Fixtures.inbound("wamid.later." + text.hashCode(), text)),
                Arbitraries.of(MarketingPreference.STOP, MarketingPreference.RESUME).map(Fixtures::marketing),
                Arbitraries.of(131047, 131049, 131050).map(Fixtures::failed));
        return net.jqwik.api.Combinators.combine(Arbitraries.strings().alpha().ofLength(6),
                        Arbitraries.integers().between(1, 3 * 24 * 60), payloads)
                .as((id, minutes, payload) -> Fixtures.event("later-" + id, OPT_OUT_AT.plus(Duration.ofMinutes(minutes)), payload))
                .list().ofMaxSize(4);
    }

    /** What happens at one instant: every payload kind, erasure included. */
    @Provide
    Arbitrary<List<Object>> tiedPayloads() {
        return ContactHistories.payloads().list().ofMinSize(2).ofMaxSize(6);
    }

    private static Object optOut(ConsentScope scope, boolean byKeyword) {
        return new OptOut(List.of(scope), byKeyword ? Channel.WHATSAPP : Channel.WEB_FORM,
                byKeyword ? OptOutMethod.KEYWORD : OptOutMethod.REQUEST, "evidence-1");
    }

    /** A request the scope covers: its category (any, for ALL; free-form too for ALL of every topic) and its topic. */
    private static SendRequest coveredBy(ConsentScope scope, SendRequest anyRequest) {
        if (scope.getCategory() == ConsentCategory.ALL && scope.getTopic() == null && anyRequest.getKind() == MessageKind.FREE_FORM) {
            return Fixtures.freeForm("req");
        }
        MessageCategory category = scope.getCategory() == ConsentCategory.ALL
                ? anyRequest.getTemplate() == null ? MessageCategory.UTILITY : anyRequest.getTemplate().getCategory()
                : MessageCategory.valueOf(scope.getCategory().name());
        String topic = scope.getTopic() != null ? scope.getTopic() : anyRequest.getConsentTopic();
        return Fixtures.request("req", Fixtures.PHONE, MessageKind.TEMPLATE, Fixtures.templateRef(category), topic);
    }

    private static ContactFacts fold(List<ContactEvent> history) {
        return foldOnto(null, history);
    }

    private static ContactFacts foldOnto(ContactFacts state, List<ContactEvent> events) {
        for (ContactEvent event : events) {
            state = FOLD.apply(state, event);
        }
        return state;
    }

    private static ContactFacts withoutIdOrder(ContactFacts facts) {
        List<String> ids = new ArrayList<>(facts.recentEventIds());
        Collections.sort(ids);
        return new ContactFacts(facts.businessId(), facts.contact(), facts.contactHash(), facts.updatedAt(), facts.scopes(), facts.senders(),
                facts.recentSends(), ids, facts.erasedAt());
    }
}
