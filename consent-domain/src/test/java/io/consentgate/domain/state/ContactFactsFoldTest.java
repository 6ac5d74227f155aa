package io.consentgate.domain.state;

import static io.consentgate.domain.Fixtures.BUSINESS;
import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.HASHER;
import static io.consentgate.domain.Fixtures.PHONE;
import static io.consentgate.domain.Fixtures.SENDER;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.buttonReply;
import static io.consentgate.domain.Fixtures.delivered;
import static io.consentgate.domain.Fixtures.status;
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
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContactFactsFoldTest {

    @Test
    void shouldKeepTheOptInItsProofReferenceAndExpiry() {
        // When
        ContactFacts state = fold(event("e1", T0, optIn("consent-1", ConsentCategory.MARKETING)));

        // Then
        assertThat(state.scopes().get(Scope.MARKETING)).isEqualTo(new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_IN, T0,
                Channel.WEB_FORM, "consent-1", "form-1", null, null, "e1", null, null, null));
        assertThat(state.contact().canonical()).isEqualTo(PHONE);
    }

    @Test
    void shouldChangeNothingWhenTheSameEventIsAppliedTwice() {
        // Given
        ContactEvent delivery = event("e2", T0, failed(131047));
        ContactFacts once = fold(event("e1", T0, inbound("m1", "hola")), delivery);

        // When
        ContactFacts twice = FOLD.apply(once, delivery);

        // Then
        assertThat(twice).isEqualTo(once);
        assertThat(once.sender(SENDER).windowMismatches()).isEqualTo(1);
    }

    @Test
    void shouldOpenTheWindowFromTheMessagesOwnTimestampAndKeepTheNewest() {
        // When an older message arrives after a newer one
        ContactFacts state = fold(event("e1", T0, inbound("m1", "hola")), event("e2", hoursAfterT0(-5), inbound("m0", "hola")));

        // Then
        assertThat(state.sender(SENDER).windowClosesAt()).isEqualTo(hoursAfterT0(24));
        assertThat(state.sender(SENDER).freeEntryPointClosesAt()).isNull();
    }

    @Test
    void shouldOpenA72HourFreeEntryPointFromTheFirstReplyDeliveredWithin24HoursOfAReferral() {
        // Given a message from an ad, which alone opens no free entry point
        ContactFacts referred = fold(event("e1", T0, inboundFromAd("m1")));
        assertThat(referred.sender(SENDER).freeEntryPointClosesAt()).isNull();
        assertThat(referred.sender(SENDER).entryPointReferralAt()).isEqualTo(T0);

        // When the business's reply is delivered 2 h later, and other messages after it
        ContactFacts replied = fold(referred, event("e2", hoursAfterT0(2), delivered("wamid.r1")),
                event("e3", hoursAfterT0(20), delivered("wamid.r2")), event("e4", hoursAfterT0(30), delivered("wamid.r3")));

        // Then it runs 72 h from the reply's delivery; later deliveries do not extend it
        assertThat(replied.sender(SENDER).freeEntryPointClosesAt()).isEqualTo(hoursAfterT0(74));
    }

    @Test
    void shouldOpenNoFreeEntryPointForAReplyDeliveredLateOrWithoutDelivery() {
        ContactFacts late = fold(event("e1", T0, inboundFromAd("m1")), event("e2", hoursAfterT0(24), delivered("wamid.r1")));
        ContactFacts sentOnly = fold(event("e1", T0, inboundFromAd("m1")), event("e2", hoursAfterT0(1), status("wamid.r1", DeliveryStatus.SENT)));
        ContactFacts readOnly = fold(event("e1", T0, inboundFromAd("m1")), event("e2", hoursAfterT0(1), status("wamid.r1", DeliveryStatus.READ)));
        ContactFacts noReferral = fold(event("e1", T0, inbound("m1", "hola")), event("e2", hoursAfterT0(1), delivered("wamid.r1")));
        ContactFacts deliveredBeforeTheReferral = fold(event("e2", hoursAfterT0(-1), delivered("wamid.r0")), event("e1", T0, inboundFromAd("m1")));

        assertThat(List.of(late, sentOnly, readOnly, noReferral, deliveredBeforeTheReferral))
                .allSatisfy(state -> assertThat(state.sender(SENDER).freeEntryPointClosesAt()).isNull());
    }

    @Test
    void shouldCountTheEarliestDeliveryWhateverOrderTheStatusesArriveIn() {
        ContactEvent referral = event("e1", T0, inboundFromAd("m1"));
        ContactEvent first = event("e2", hoursAfterT0(1), delivered("wamid.r1"));
        ContactEvent second = event("e3", hoursAfterT0(3), delivered("wamid.r2"));

        ContactFacts inOrder = fold(referral, first, second);
        ContactFacts reversed = fold(referral, second, first);

        assertThat(inOrder.sender(SENDER).freeEntryPointClosesAt()).isEqualTo(hoursAfterT0(73));
        assertThat(reversed.sender(SENDER)).isEqualTo(inOrder.sender(SENDER));
    }

    @Test
    void shouldStartANewFreeEntryPointFromANewReferralsReply() {
        ContactFacts state = fold(event("e1", T0, inboundFromAd("m1")), event("e2", hoursAfterT0(1), delivered("wamid.r1")),
                event("e3", hoursAfterT0(48), inboundFromAd("m2")));
        assertThat(state.sender(SENDER).freeEntryPointClosesAt()).as("the first one runs on until the new referral is answered")
                .isEqualTo(hoursAfterT0(73));

        ContactFacts answered = fold(state, event("e4", hoursAfterT0(50), delivered("wamid.r2")));

        assertThat(answered.sender(SENDER).freeEntryPointClosesAt()).isEqualTo(hoursAfterT0(122));
    }

    @Test
    void shouldOpenNoFreeEntryPointFromAStateWrittenBeforeReferralsWereKept() {
        // A relation stored by the earlier rule: freeEntryPointAt held the referral's own time, and no referral time
        SenderRelation stored = new SenderRelation(SENDER, T0, T0, null, null, null, 0, null);

        assertThat(stored.freeEntryPointClosesAt()).isNull();
    }

    @Test
    void shouldRecordAKeywordOptOutWithTheMessageIdAsEvidence() {
        ContactFacts state = fold(event("e1", T0, inbound("wamid.1", "¡Baja!")));

        assertThat(state.scopes().get(Scope.ALL)).satisfies(fact -> {
            assertThat(fact.status()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(fact.channel()).isEqualTo(Channel.WHATSAPP);
            assertThat(fact.evidenceRef()).isEqualTo("wamid.1");
        });
    }

    @Test
    void shouldLiftAnOptOutWithoutEarlierConsentOnOptBackInAndKeepLateOlderOptOutsOut() {
        // Given an opt-out that withdrew no consent, then START
        ContactFacts state = fold(event("e1", T0, inbound("m1", "STOP")), event("e2", hoursAfterT0(1), inbound("m2", "START")));

        // When an opt-out from before the START arrives late
        ContactFacts late = FOLD.apply(state, event("e3", hoursAfterT0(0.5), optOut(ConsentCategory.ALL)));

        // Then the opt-out stays lifted and no consent was invented
        assertThat(late.scopes().get(Scope.ALL).status()).isEqualTo(ConsentStatus.UNKNOWN);
        assertThat(late.standingFor(MessageCategory.MARKETING, null, hoursAfterT0(2))).isEqualTo(ConsentStanding.NONE);
    }

    @Test
    void shouldRecordMetasMarketingStopAndLiftItOnlyByANewerResume() {
        ContactFacts stopped = fold(event("e1", T0, marketing(MarketingPreference.STOP)));
        ContactFacts olderResume = FOLD.apply(stopped, event("e2", hoursAfterT0(-1), marketing(MarketingPreference.RESUME)));
        ContactFacts newerResume = FOLD.apply(stopped, event("e3", hoursAfterT0(1), marketing(MarketingPreference.RESUME)));

        assertThat(olderResume.sender(SENDER).marketingStoppedSince()).isEqualTo(T0);
        assertThat(newerResume.sender(SENDER).marketingStoppedSince()).isNull();
    }

    @Test
    void shouldNotLetALateStopOlderThanTheResumeStopMarketingAgain() {
        // Given: Meta's stop, then its newer resume
        ContactFacts resumed = fold(event("e1", T0, marketing(MarketingPreference.STOP)),
                event("e2", hoursAfterT0(2), marketing(MarketingPreference.RESUME)));

        // When: another stop from before the resume arrives late, and later a stop newer than it
        ContactFacts lateOlderStop = FOLD.apply(resumed, event("e3", hoursAfterT0(1), marketing(MarketingPreference.STOP)));
        ContactFacts newerStop = FOLD.apply(lateOlderStop, event("e4", hoursAfterT0(3), marketing(MarketingPreference.STOP)));

        // Then: only the newer stop stops marketing again, and the resume survives the store's round trip
        assertThat(lateOlderStop.sender(SENDER).marketingStoppedSince()).isNull();
        assertThat(newerStop.sender(SENDER).marketingStoppedSince()).isEqualTo(hoursAfterT0(3));
        assertThat(ContactFactsAvro.fromAvro(ContactFactsAvro.toAvro(lateOlderStop)).sender(SENDER).marketingResumedAt())
                .isEqualTo(hoursAfterT0(2));
    }

    @Test
    void shouldTurnDeliveryFeedbackIntoState() {
        ContactFacts state = fold(event("e1", T0, failed(131050)), event("e2", T0, failed(131049)), event("e3", T0, failed(131047, 131026)));

        SenderRelation relation = state.sender(SENDER);
        assertThat(relation.marketingStoppedSince()).isEqualTo(T0);
        assertThat(relation.marketingBackoffUntil()).isEqualTo(hoursAfterT0(24));
        assertThat(relation.windowMismatches()).isEqualTo(1);
    }

    @Test
    void shouldKeepOnlyAKeyedHashAndTheOptOutsAfterAnErasure() {
        // Given a contact with consent, an opt-out, a window, a marketing stop and sends
        ContactFacts before = fold(event("e1", T0, optIn("consent-1", ConsentCategory.UTILITY)),
                event("e2", T0, optOut(ConsentCategory.MARKETING)), event("e3", T0, inbound("m1", "hola")),
                event("e4", T0, marketing(MarketingPreference.STOP)));
        before = FOLD.recordSend(before, MessageCategory.MARKETING, T0);

        // When
        ContactFacts erased = FOLD.apply(before, event("e5", hoursAfterT0(1), erasure()));

        // Then
        assertThat(erased.isErased()).isTrue();
        assertThat(erased.contactHash()).isEqualTo(HASHER.hash(BUSINESS, PHONE)).doesNotContain("612345678");
        assertThat(erased.scopes()).containsOnlyKeys(Scope.MARKETING);
        assertThat(erased.scopes().get(Scope.MARKETING)).isEqualTo(new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_OUT, T0, null, null, null, null));
        assertThat(erased.senders().values()).containsExactly(new SenderRelation(SENDER, null, null, T0, null, null, 0, null));
        assertThat(erased.recentSends()).isEmpty();
        assertThat(erased.erasedAt()).isEqualTo(hoursAfterT0(1));
        assertThat(HASHER.erasedKey(BUSINESS, PHONE).toString()).isEqualTo(BUSINESS + "|" + erased.contactHash());
    }

    @Test
    void shouldNotLetAReplayOfOlderFactsUndoAnErasure() {
        ContactFacts erased = fold(event("e1", T0, erasure()));

        ContactFacts replayed = FOLD.apply(erased, event("old", hoursAfterT0(-48), optIn("consent-1", ConsentCategory.ALL)));

        assertThat(replayed.isErased()).isTrue();
        assertThat(replayed.scopes()).isEmpty();
    }

    @Test
    void shouldRememberABoundedNumberOfIds() {
        ContactFacts state = null;
        for (int i = 0; i < 100; i++) {
            state = FOLD.apply(state, event("e" + i, T0.plusSeconds(i), inbound("m" + i, "hola")));
        }

        assertThat(state.recentEventIds()).hasSize(ContactFactsFold.REMEMBERED_IDS).endsWith("e99");
    }

    @Test
    void shouldKeepOnlyTheSendsTheCapsCanStillCount() {
        // Given 10 marketing sends a day apart and a utility send (utility is not capped by default)
        ContactFacts state = fold(event("e1", T0, optIn("c", ConsentCategory.ALL)));
        for (int day = 0; day < 10; day++) {
            state = FOLD.recordSend(state, MessageCategory.MARKETING, T0.plus(Duration.ofDays(day)));
        }
        ContactFacts beforeUtility = state;
        state = FOLD.recordSend(state, MessageCategory.UTILITY, T0.plus(Duration.ofDays(9)));

        // Then only the last 4 marketing sends within 7 days remain, the utility send changed nothing, and no request id
        // took an event id's place (request ids are the gate's)
        assertThat(state.recentSends()).extracting(SentMessage::at).containsExactlyElementsOf(
                IntStream.rangeClosed(6, 9).mapToObj(day -> T0.plus(Duration.ofDays(day))).toList());
        assertThat(state).isSameAs(beforeUtility);
        assertThat(state.recentEventIds()).containsExactly("e1");
    }

    @Test
    void shouldKeepTheNewestFactOfAScopeWhateverOrderTheEventsArriveIn() {
        // Given an opt-in, then a newer opt-out of the same scope
        ContactEvent optIn = event("e1", T0, optIn("consent-1", ConsentCategory.MARKETING));
        ContactEvent newerOptOut = event("e2", hoursAfterT0(1), optOut(ConsentCategory.MARKETING));

        // When they arrive in order, and the other way round
        ContactFacts inOrder = fold(optIn, newerOptOut);
        ContactFacts reversed = fold(newerOptOut, optIn);

        // Then the newer one stands either way, and the late older one did not move the time back
        for (ContactFacts facts : new ContactFacts[] {inOrder, reversed}) {
            assertThat(facts.scopes().get(Scope.MARKETING)).satisfies(fact -> {
                assertThat(fact.status()).isEqualTo(ConsentStatus.OPTED_OUT);
                assertThat(fact.since()).isEqualTo(hoursAfterT0(1));
            });
        }
        assertThat(reversed.updatedAt()).isEqualTo(hoursAfterT0(1));
    }

    @Test
    void shouldLetAnOptOutBeatAnOptInOfTheSameInstantInEitherOrder() {
        // Given an opt-in and an opt-out of the same scope at the same instant
        ContactEvent optIn = event("e1", T0, optIn("consent-1", ConsentCategory.MARKETING));
        ContactEvent optOut = event("e2", T0, optOut(ConsentCategory.MARKETING));

        // When / Then
        assertThat(fold(optIn, optOut).scopes().get(Scope.MARKETING).status()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(fold(optOut, optIn).scopes().get(Scope.MARKETING).status()).isEqualTo(ConsentStatus.OPTED_OUT);
    }

    @Test
    void shouldOptOutOfMarketingOnlyOnTheStopPromotionsButton() {
        // When
        ContactFacts state = fold(event("e1", T0, optIn("consent-1", ConsentCategory.ALL)),
                event("e2", hoursAfterT0(1), buttonReply("wamid.2", "Stop promotions", "Stop promotions")));

        // Then
        assertThat(state.scopes().get(Scope.MARKETING)).satisfies(fact -> {
            assertThat(fact.status()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(fact.evidenceRef()).isEqualTo("wamid.2");
        });
        assertThat(state.scopes().get(Scope.ALL).status()).isEqualTo(ConsentStatus.OPTED_IN);
    }

    @Test
    void shouldReinstateTheOptInAnOptOutWithdrewOnAnOptBackInKeyword() {
        // Given an opt-in withdrawn by STOP: the opt-out keeps the consent it withdrew
        ContactFacts stopped = fold(event("e1", T0, optIn("consent-1", ConsentCategory.ALL)), event("e2", hoursAfterT0(1), inbound("m1", "STOP")));
        assertThat(stopped.scopes().get(Scope.ALL).consentId()).isEqualTo("consent-1");

        // When the person opts back in
        ContactFacts restarted = FOLD.apply(stopped, event("e3", hoursAfterT0(2), inbound("m2", "START")));

        // Then that consent stands again
        assertThat(restarted.scopes().get(Scope.ALL)).satisfies(fact -> {
            assertThat(fact.status()).isEqualTo(ConsentStatus.OPTED_IN);
            assertThat(fact.consentId()).isEqualTo("consent-1");
        });
        assertThat(restarted.standingFor(MessageCategory.MARKETING, null, hoursAfterT0(3))).isInstanceOf(ConsentStanding.Granted.class);
    }

    @Test
    void shouldStillTakeInAnOptOutFromBeforeTheErasure() {
        // Given an erased contact
        ContactFacts erased = fold(event("e1", T0, erasure()));

        // When an opt-out from before the erasure arrives late
        ContactFacts late = FOLD.apply(erased, event("old", hoursAfterT0(-48), optOut(ConsentCategory.MARKETING)));

        // Then it is honoured, without its evidence
        assertThat(late.scopes().get(Scope.MARKETING)).isEqualTo(
                new ScopeConsent(Scope.MARKETING, ConsentStatus.OPTED_OUT, hoursAfterT0(-48), null, null, null, null));
    }

    @Test
    void shouldKnowTheContactAgainWhenItWritesAfterTheErasure() {
        // Given an erased contact
        ContactFacts erased = fold(event("e1", T0, optIn("consent-1", ConsentCategory.ALL)), event("e2", hoursAfterT0(1), erasure()));

        // When the person writes again
        ContactFacts back = FOLD.apply(erased, event("e3", hoursAfterT0(2), inbound("m1", "hola")));

        // Then the contact is known again, with the new window and none of the erased consent
        assertThat(back.isErased()).isFalse();
        assertThat(back.contact().canonical()).isEqualTo(PHONE);
        assertThat(back.contactHash()).isNull();
        assertThat(back.sender(SENDER).windowClosesAt()).isEqualTo(hoursAfterT0(26));
        assertThat(back.scopes()).isEmpty();
    }

    /** The invariants at the top of ContactFactsFold name their tests: each must exist, so that none is pinned only in prose. */
    @Test
    void shouldPinEveryInvariantOfTheFoldWithATestThatExists() throws Exception {
        // Given the fold's documentation
        String source = Files.readString(Path.of("src/main/java/io/consentgate/domain/state/ContactFactsFold.java"));
        Matcher named = Pattern.compile("\\{@code (?:(\\w+)#)?(should\\w+)}").matcher(source);

        // When every test it names is looked up
        List<String> tests = new ArrayList<>();
        while (named.find()) {
            Class<?> owner = named.group(1) == null ? ContactFactsFoldTest.class
                    : Class.forName("io.consentgate.domain.properties." + named.group(1));
            tests.add(owner.getSimpleName() + "#" + owner.getDeclaredMethod(named.group(2), parameterTypes(owner, named.group(2))).getName());
        }

        // Then they all exist, one per invariant at least
        assertThat(tests).hasSizeGreaterThanOrEqualTo(14).doesNotHaveDuplicates();
    }

    private static Class<?>[] parameterTypes(Class<?> owner, String method) {
        return Arrays.stream(owner.getDeclaredMethods()).filter(candidate -> candidate.getName().equals(method)).findFirst()
                .orElseThrow(() -> new AssertionError(owner.getSimpleName() + "#" + method + " is named by ContactFactsFold but does not exist"))
                .getParameterTypes();
    }

    private static ContactFacts fold(ContactEvent... events) {
        return fold(null, events);
    }

    private static ContactFacts fold(ContactFacts from, ContactEvent... events) {
        ContactFacts state = from;
        for (ContactEvent event : events) {
            state = FOLD.apply(state, event);
        }
        return state;
    }
}
