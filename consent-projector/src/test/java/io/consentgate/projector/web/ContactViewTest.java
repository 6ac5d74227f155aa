package io.consentgate.projector.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.DeliveryFeedback;
import io.consentgate.domain.state.Scope;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.projector.topology.SendDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactViewTest {

    private static final Instant STOPPED_AT = Instant.parse("2026-06-01T10:00:00Z");
    private static final Scope WEEKLY_OFFERS = new Scope(ConsentCategory.MARKETING, "weekly-offers");

    @Test
    void shouldShowTheStandingPerScopeAndWhetherTheOptOutsConfirmationMayStillGo() {
        // Given a contact opted in to marketing, then out of one topic and, by STOP, out of everything
        ContactFacts facts = facts();

        // When it is shown an hour after the STOP, no confirmation sent
        ContactView view = ContactView.of(facts, List.of(), STOPPED_AT.plus(Duration.ofHours(1)));

        // Then
        assertThat(view.scopeStanding()).contains(new ContactView.ScopeStandingView(MessageCategory.MARKETING, "weekly-offers", "OPTED_OUT"),
                new ContactView.ScopeStandingView(MessageCategory.UTILITY, null, "OPTED_OUT"));
        ContactView.ScopeView all = view.scopes().getFirst();
        assertThat(all.method()).isEqualTo(OptOutMethod.KEYWORD);
        assertThat(all.confirmation()).isEqualTo(new ContactView.ConfirmationView(STOPPED_AT.plus(Duration.ofHours(24)), null, null, true));
    }

    @Test
    void shouldShowTheConfirmationTheGateApproved() {
        // Given the gate approved the STOP's confirmation
        SendDecision confirmation = new SendDecision("confirm-1", SendDecision.Outcome.APPROVED, STOPPED_AT, STOPPED_AT.plusSeconds(5), "sender-1",
                MessageKind.FREE_FORM, null, null, ApprovalBasis.OPT_OUT_CONFIRMATION, null, null, MessageCategory.SERVICE, true, null,
                null, null, null, "wamid.stop");

        // When
        ContactView view = ContactView.of(facts(), List.of(confirmation), STOPPED_AT.plus(Duration.ofHours(1)));

        // Then
        assertThat(view.scopes().getFirst().confirmation())
                .isEqualTo(new ContactView.ConfirmationView(STOPPED_AT.plus(Duration.ofHours(24)), STOPPED_AT.plusSeconds(5), "confirm-1", false));
    }

    @Test
    void shouldShowTheSuppressionForUndeliverableFailures() {
        // Given a contact Meta could not deliver to three times in a row, the third at STOPPED_AT, and a pair rate limit
        ContactFacts plain = facts();
        DeliveryFeedback delivery = new DeliveryFeedback(List.of(STOPPED_AT.minusSeconds(120), STOPPED_AT.minusSeconds(60), STOPPED_AT),
                null, STOPPED_AT, null, Map.of("sender-1", STOPPED_AT));
        ContactFacts facts = new ContactFacts(plain.businessId(), plain.contact(), null, plain.updatedAt(), plain.scopes(), plain.senders(),
                plain.recentSends(), plain.recentEventIds(), null, delivery);

        // When
        ContactView view = ContactView.of(facts, List.of(), STOPPED_AT.plus(Duration.ofHours(1)));

        // Then
        assertThat(view.delivery()).isEqualTo(new ContactView.DeliveryView(true, STOPPED_AT, 3, Map.of("sender-1", STOPPED_AT)));
        assertThat(ContactView.of(plain, List.of(), STOPPED_AT).delivery()).isEqualTo(new ContactView.DeliveryView(false, null, 0, Map.of()));
    }

    private static ContactFacts facts() {
        ScopeConsent optIn = new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_IN, STOPPED_AT.minus(Duration.ofDays(9)), Channel.WEB_FORM,
                "c1", "form-1", null);
        ScopeConsent topicOptOut = new ScopeConsent(WEEKLY_OFFERS, ConsentStatus.OPTED_OUT, STOPPED_AT.minus(Duration.ofDays(2)), Channel.WEB_FORM,
                null, "form-2", null, OptOutMethod.REQUEST, "evt-2", null, null, null);
        ScopeConsent stop = new ScopeConsent(Scope.ALL, ConsentStatus.OPTED_OUT, STOPPED_AT, Channel.WHATSAPP, null, "wamid.stop", null,
                OptOutMethod.KEYWORD, "evt-3", null, null, null);
        return new ContactFacts("acme", ContactIdentity.ofCanonical("+34612345678"), null, STOPPED_AT,
                Map.of(Scope.MARKETING, optIn, WEEKLY_OFFERS, topicOptOut, Scope.ALL, stop), Map.of(), List.of(), List.of(), null);
    }
}
