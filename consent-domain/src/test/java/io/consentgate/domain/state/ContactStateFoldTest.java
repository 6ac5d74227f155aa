package io.consentgate.domain.state;

import static io.consentgate.domain.Fixtures.BUSINESS;
import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.HASHER;
import static io.consentgate.domain.Fixtures.PHONE;
import static io.consentgate.domain.Fixtures.SENDER;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.erasure;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.failed;
import static io.consentgate.domain.Fixtures.hoursAfterT0;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.inboundFromAd;
import static io.consentgate.domain.Fixtures.marketing;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.optOut;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContactStateFoldTest {

    @Test
    void shouldKeepTheOptInItsProofReferenceAndExpiry() {
        // When
        ContactState state = fold(event("e1", T0, optIn("consent-1", ConsentCategory.MARKETING)));

        // Then
        assertThat(state.scopes().get(Scope.MARKETING)).isEqualTo(new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_IN, T0,
                Channel.WEB_FORM, "consent-1", "form-1", null));
        assertThat(state.contact().canonical()).isEqualTo(PHONE);
    }

    @Test
    void shouldChangeNothingWhenTheSameEventIsAppliedTwice() {
        // Given
        ContactEvent delivery = event("e2", T0, failed(131047));
        ContactState once = fold(event("e1", T0, inbound("m1", "hola")), delivery);

        // When
        ContactState twice = FOLD.apply(once, delivery);

        // Then
        assertThat(twice).isEqualTo(once);
        assertThat(once.sender(SENDER).windowMismatches()).isEqualTo(1);
    }

    @Test
    void shouldOpenTheWindowFromTheMessagesOwnTimestampAndKeepTheNewest() {
        // When an older message arrives after a newer one
        ContactState state = fold(event("e1", T0, inbound("m1", "hola")), event("e2", hoursAfterT0(-5), inbound("m0", "hola")));

        // Then
        assertThat(state.sender(SENDER).windowClosesAt()).isEqualTo(hoursAfterT0(24));
        assertThat(state.sender(SENDER).freeEntryPointClosesAt()).isNull();
    }

    @Test
    void shouldOpenA72HourFreeEntryPointFromAReferral() {
        ContactState state = fold(event("e1", T0, inboundFromAd("m1")));

        assertThat(state.sender(SENDER).freeEntryPointClosesAt()).isEqualTo(hoursAfterT0(72));
    }

    @Test
    void shouldRecordAKeywordOptOutWithTheMessageIdAsEvidence() {
        ContactState state = fold(event("e1", T0, inbound("wamid.1", "¡Baja!")));

        assertThat(state.scopes().get(Scope.ALL)).satisfies(fact -> {
            assertThat(fact.status()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(fact.channel()).isEqualTo(Channel.WHATSAPP);
            assertThat(fact.evidenceRef()).isEqualTo("wamid.1");
        });
    }

    @Test
    void shouldLiftAnOptOutWithoutEarlierConsentOnOptBackInAndKeepLateOlderOptOutsOut() {
        // Given an opt-out that withdrew no consent, then START
        ContactState state = fold(event("e1", T0, inbound("m1", "STOP")), event("e2", hoursAfterT0(1), inbound("m2", "START")));

        // When an opt-out from before the START arrives late
        ContactState late = FOLD.apply(state, event("e3", hoursAfterT0(0.5), optOut(ConsentCategory.ALL)));

        // Then the opt-out stays lifted and no consent was invented
        assertThat(late.scopes().get(Scope.ALL).status()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(late.standingFor(MessageCategory.MARKETING, null, hoursAfterT0(2))).isEqualTo(ConsentStanding.NONE);
    }

    @Test
    void shouldRecordMetasMarketingStopAndLiftItOnlyByANewerResume() {
        ContactState stopped = fold(event("e1", T0, marketing(MarketingPreference.STOP)));
        ContactState olderResume = FOLD.apply(stopped, event("e2", hoursAfterT0(-1), marketing(MarketingPreference.RESUME)));
        ContactState newerResume = FOLD.apply(stopped, event("e3", hoursAfterT0(1), marketing(MarketingPreference.RESUME)));

        assertThat(olderResume.sender(SENDER).marketingStoppedAt()).isEqualTo(T0);
        assertThat(newerResume.sender(SENDER).marketingStoppedAt()).isNull();
    }

    @Test
    void shouldNotLetALateStopOlderThanTheResumeStopMarketingAgain() {
        // Given: Meta's stop, then its newer resume
        ContactState resumed = fold(event("e1", T0, marketing(MarketingPreference.STOP)),
                event("e2", hoursAfterT0(2), marketing(MarketingPreference.RESUME)));

        // When: another stop from before the resume arrives late, and later a stop newer than it
        ContactState lateOlderStop = FOLD.apply(resumed, event("e3", hoursAfterT0(1), marketing(MarketingPreference.STOP)));
        ContactState newerStop = FOLD.apply(lateOlderStop, event("e4", hoursAfterT0(3), marketing(MarketingPreference.STOP)));

        // Then: only the newer stop stops marketing again, and the resume survives the store's round trip
        assertThat(lateOlderStop.sender(SENDER).marketingStoppedAt()).isNull();
        assertThat(newerStop.sender(SENDER).marketingStoppedAt()).isEqualTo(hoursAfterT0(3));
        assertThat(ContactStateAvro.fromAvro(ContactStateAvro.toAvro(lateOlderStop)).sender(SENDER).marketingResumedAt())
                .isEqualTo(hoursAfterT0(2));
    }

    @Test
    void shouldTurnDeliveryFeedbackIntoState() {
        ContactState state = fold(event("e1", T0, failed(131050)), event("e2", T0, failed(131049)), event("e3", T0, failed(131047, 131026)));

        SenderRelation relation = state.sender(SENDER);
        assertThat(relation.marketingStoppedAt()).isEqualTo(T0);
        assertThat(relation.marketingBackoffUntil()).isEqualTo(hoursAfterT0(24));
        assertThat(relation.windowMismatches()).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlyAKeyedHashAndTheOptOutsAfterAnErasure() {
        // Given a contact with consent, an opt-out, a window, a marketing stop and sends
        ContactState before = fold(event("e1", T0, optIn("consent-1", ConsentCategory.UTILITY)),
                event("e2", T0, optOut(ConsentCategory.MARKETING)), event("e3", T0, inbound("m1", "hola")),
                event("e4", T0, marketing(MarketingPreference.STOP)));
        before = FOLD.recordSend(before, "r1", MessageCategory.MARKETING, T0);

        // When
        ContactState erased = FOLD.apply(before, event("e5", hoursAfterT0(1), erasure()));

        // Then
        assertThat(erased.isErased()).isTrue();
        assertThat(erased.contactHash()).isEqualTo(HASHER.hash(BUSINESS, PHONE)).doesNotContain("612345678");
        assertThat(erased.scopes()).containsOnlyKeys(Scope.MARKETING);
        assertThat(erased.scopes().get(Scope.MARKETING)).isEqualTo(new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_OUT, T0, null, null, null, null));
        assertThat(erased.senders().values()).containsExactly(new SenderRelation(SENDER, null, null, T0, null, null, 0));
        assertThat(erased.recentSends()).isEmpty();
        assertThat(erased.erasedAt()).isEqualTo(hoursAfterT0(1));
        assertThat(HASHER.erasedKey(BUSINESS, PHONE).toString()).isEqualTo(BUSINESS + "|" + erased.contactHash());
    }

    @Test
    void shouldNotLetAReplayOfOlderFactsUndoAnErasure() {
        ContactState erased = fold(event("e1", T0, erasure()));

        ContactState replayed = FOLD.apply(erased, event("old", hoursAfterT0(-48), optIn("consent-1", ConsentCategory.ALL)));

        assertThat(replayed.isErased()).isTrue();
        assertThat(replayed.scopes()).isEmpty();
    }

    @Test
    void shouldRememberABoundedNumberOfIds() {
        ContactState state = null;
        for (int i = 0; i < 100; i++) {
            state = FOLD.apply(state, event("e" + i, T0.plusSeconds(i), inbound("m" + i, "hola")));
        }

        assertThat(state.recentIds()).hasSize(ContactStateFold.REMEMBERED_IDS).endsWith("e99");
    }

    @Test
    void shouldKeepOnlyTheSendsTheCapsCanStillCount() {
        // Given 10 marketing sends a day apart and a utility send (utility is not capped by default)
        ContactState state = fold(event("e1", T0, optIn("c", ConsentCategory.ALL)));
        for (int day = 0; day < 10; day++) {
            state = FOLD.recordSend(state, "r" + day, MessageCategory.MARKETING, T0.plus(Duration.ofDays(day)));
        }
        state = FOLD.recordSend(state, "u", MessageCategory.UTILITY, T0.plus(Duration.ofDays(9)));

        // Then only the last 4 marketing sends within 7 days remain
        assertThat(state.recentSends()).extracting(SentMessage::at).containsExactlyElementsOf(
                IntStream.rangeClosed(6, 9).mapToObj(day -> T0.plus(Duration.ofDays(day))).toList());
        assertThat(state.hasSeen("u")).isTrue();
    }

    private static ContactState fold(ContactEvent... events) {
        ContactState state = null;
        for (ContactEvent event : events) {
            state = FOLD.apply(state, event);
        }
        return state;
    }
}
