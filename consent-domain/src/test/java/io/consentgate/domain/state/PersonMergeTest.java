package io.consentgate.domain.state;

import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.PHONE;
import static io.consentgate.domain.Fixtures.SENDER;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.hoursAfterT0;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.marketing;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.optOut;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import org.junit.jupiter.api.Test;

class PersonMergeTest {

    private static final String BSUID = "ES.1410018717833190";

    @Test
    void shouldLetAnOptOutUnderTheAliasBeatAnOlderConsentOfThePerson() {
        // Given
        ContactFacts person = fold(event("e1", BSUID, T0, optIn("consent-1", ConsentCategory.MARKETING)));
        ContactFacts alias = fold(event("e2", PHONE, hoursAfterT0(1), optOut(ConsentCategory.MARKETING)));

        // When
        ContactFacts merged = PersonMerge.merge(person, alias);

        // Then
        assertThat(merged.contact().canonical()).isEqualTo(BSUID);
        assertThat(merged.scopes().get(Scope.MARKETING).status()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(merged.standingFor(MessageCategory.MARKETING, null, hoursAfterT0(2))).isInstanceOf(ConsentStanding.OptedOut.class);
        assertThat(merged.recentEventIds()).containsExactlyInAnyOrder("e1", "e2");
    }

    @Test
    void shouldKeepTheNewerConsentWhicheverIdentityItCameUnder() {
        // Given
        ContactFacts person = fold(event("e1", BSUID, T0, optOut(ConsentCategory.MARKETING)));
        ContactFacts alias = fold(event("e2", PHONE, hoursAfterT0(1), optIn("consent-2", ConsentCategory.MARKETING)));

        // When
        ContactFacts merged = PersonMerge.merge(person, alias);

        // Then
        assertThat(merged.scopes().get(Scope.MARKETING).consentId()).isEqualTo("consent-2");
    }

    @Test
    void shouldLetAnOptOutBeatAnOptInOfTheSameInstantInEitherDirection() {
        // Given
        ContactFacts optedIn = fold(event("e1", BSUID, T0, optIn("consent-1", ConsentCategory.MARKETING)));
        ContactFacts optedOut = fold(event("e2", PHONE, T0, optOut(ConsentCategory.MARKETING)));

        // Then
        assertThat(PersonMerge.merge(optedIn, optedOut).scopes().get(Scope.MARKETING).isOptOut()).isTrue();
        assertThat(PersonMerge.merge(optedOut, optedIn).scopes().get(Scope.MARKETING).isOptOut()).isTrue();
    }

    @Test
    void shouldGiveThePersonTheAliasWindowAndMarketingStop() {
        // Given
        ContactFacts person = fold(event("e1", BSUID, T0, inbound("m1", "hola")));
        ContactFacts alias = fold(event("e2", PHONE, hoursAfterT0(3), inbound("m2", "otra cosa")),
                event("e3", PHONE, hoursAfterT0(4), marketing(MarketingPreference.STOP)));

        // When
        SenderRelation merged = PersonMerge.merge(person, alias).sender(SENDER);

        // Then
        assertThat(merged.lastInboundAt()).isEqualTo(hoursAfterT0(3));
        assertThat(merged.marketingStoppedAt()).isEqualTo(hoursAfterT0(4));
    }

    @Test
    void shouldLiftAStopOnlyByAResumeStrictlyNewerThanIt() {
        // Given
        ContactFacts stopped = fold(event("e1", BSUID, T0, marketing(MarketingPreference.STOP)));
        ContactFacts resumedLater = fold(event("e2", PHONE, hoursAfterT0(1), marketing(MarketingPreference.RESUME)));
        ContactFacts resumedSameInstant = fold(event("e3", PHONE, T0, marketing(MarketingPreference.RESUME)));

        // Then
        assertThat(PersonMerge.merge(stopped, resumedLater).sender(SENDER).marketingStoppedAt()).isNull();
        assertThat(PersonMerge.merge(stopped, resumedSameInstant).sender(SENDER).marketingStoppedAt()).isEqualTo(T0);
        assertThat(PersonMerge.merge(resumedSameInstant, stopped).sender(SENDER).marketingStoppedAt()).isEqualTo(T0);
    }

    @Test
    void shouldGiveWhatFoldingBothHistoriesIntoOneStateGives() {
        // Given
        ContactEvent[] underPerson = {event("e1", BSUID, T0, optIn("consent-1", ConsentCategory.MARKETING)),
                event("e3", BSUID, hoursAfterT0(2), inbound("m1", "hola"))};
        ContactEvent[] underAlias = {event("e2", PHONE, hoursAfterT0(1), optOut(ConsentCategory.ALL)),
                event("e4", PHONE, hoursAfterT0(3), marketing(MarketingPreference.STOP))};

        // When
        ContactFacts merged = PersonMerge.merge(fold(underPerson), fold(underAlias));
        ContactFacts together = fold(underPerson[0], asPerson(underAlias[0]), underPerson[1], asPerson(underAlias[1]));

        // Then
        assertThat(merged.scopes()).isEqualTo(together.scopes());
        assertThat(merged.senders()).isEqualTo(together.senders());
        assertThat(merged.updatedAt()).isEqualTo(together.updatedAt());
    }

    @Test
    void shouldGiveThePersonBackWhenNothingIsKnownUnderTheAlias() {
        ContactFacts person = fold(event("e1", BSUID, T0, inbound("m1", "hola")));

        assertThat(PersonMerge.merge(person, null)).isSameAs(person);
        assertThat(PersonMerge.merge(null, null)).isNull();
    }

    private static ContactEvent asPerson(ContactEvent event) {
        return ContactEvent.newBuilder(event).setContact(BSUID).build();
    }

    private static ContactFacts fold(ContactEvent... events) {
        ContactFacts facts = null;
        for (ContactEvent event : events) {
            facts = FOLD.apply(facts, event);
        }
        return facts;
    }
}
