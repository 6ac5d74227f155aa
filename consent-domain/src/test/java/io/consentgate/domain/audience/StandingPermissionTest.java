package io.consentgate.domain.audience;

import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.POLICY;
import static io.consentgate.domain.Fixtures.SENDER;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.US_PHONE;
import static io.consentgate.domain.Fixtures.erasure;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.marketing;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.optOut;
import static io.consentgate.domain.Fixtures.scopes;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.domain.Fixtures;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.state.ContactFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/rules.md "Audience": standing permission only, each exclusion named. */
class StandingPermissionTest {

    private static final Instant BEFORE = T0.minus(Duration.ofDays(10));
    private static final Instant EARLIER = T0.minus(Duration.ofDays(5));

    @Test
    void shouldListAContactWithAnActiveOptInCoveringTheCategory() {
        assertThat(verdict(MessageCategory.MARKETING, null, null, event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING))))
                .isInstanceOfSatisfying(StandingPermission.Member.class, member -> assertThat(member.optIn().consentId()).isEqualTo("c1"));
    }

    @Test
    void shouldLeaveOutEachContactTheGateWouldAlwaysRefuseNamingTheRule() {
        assertThat(reason(MessageCategory.MARKETING, null, null, event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)),
                event("oo", EARLIER, optOut(ConsentCategory.MARKETING)))).isEqualTo(AudienceExclusion.OPTED_OUT);
        assertThat(reason(MessageCategory.MARKETING, null, null, event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                event("oo", EARLIER, optOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers"))))))
                .as("without a topic, an opt-out of any topic counts").isEqualTo(AudienceExclusion.OPTED_OUT);
        assertThat(reason(MessageCategory.MARKETING, null, SENDER, event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                event("ms", EARLIER, marketing(MarketingPreference.STOP)))).isEqualTo(AudienceExclusion.MARKETING_STOPPED);
        assertThat(reason(MessageCategory.MARKETING, null, null, event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                event("ms", EARLIER, marketing(MarketingPreference.STOP))))
                .as("no sender named: a stop by any of the business's numbers counts").isEqualTo(AudienceExclusion.MARKETING_STOPPED);
        assertThat(reason(MessageCategory.MARKETING, null, null, event("in", T0.minusSeconds(60), inbound("m1", "hola"))))
                .as("an open window is no standing permission").isEqualTo(AudienceExclusion.NO_CONSENT);
        assertThat(reason(MessageCategory.UTILITY, null, null, event("oi", BEFORE, optIn("c1", scopes(ConsentCategory.UTILITY), EARLIER))))
                .isEqualTo(AudienceExclusion.CONSENT_EXPIRED);
        assertThat(reason(MessageCategory.UTILITY, null, null, event("oi", BEFORE, optIn("c1", ConsentCategory.ALL)), event("er", EARLIER, erasure())))
                .isEqualTo(AudienceExclusion.ERASED);
        assertThat(reason(MessageCategory.MARKETING, null, null, event("oi", US_PHONE, BEFORE, optIn("c1", ConsentCategory.ALL))))
                .isEqualTo(AudienceExclusion.REGION_BLOCKED);
    }

    @Test
    void shouldLeaveOutASuppressedContactUntilItWritesOrOptsInAgain() {
        // Given a contact opted in to everything, then undeliverable three times in a row
        ContactEvent optedIn = event("oi", BEFORE, optIn("c1", ConsentCategory.ALL));
        ContactEvent[] undeliverable = Fixtures.undeliverableThrice(EARLIER);

        // Then it is left out of every audience, and back in once it writes
        assertThat(reason(MessageCategory.UTILITY, null, null, optedIn, undeliverable[0], undeliverable[1], undeliverable[2]))
                .isEqualTo(AudienceExclusion.SUPPRESSED);
        assertThat(verdict(MessageCategory.UTILITY, null, null, optedIn, undeliverable[0], undeliverable[1], undeliverable[2],
                event("in", EARLIER.plusSeconds(60), inbound("m1", "hola")))).isInstanceOf(StandingPermission.Member.class);
    }

    @Test
    void shouldLeaveTheWindowCapsAndQuietHoursToTheGate() {
        // A US number for UTILITY, a marketing stop by another sender than the one asked: members
        assertThat(verdict(MessageCategory.UTILITY, null, null, event("oi", US_PHONE, BEFORE, optIn("c1", ConsentCategory.ALL))))
                .isInstanceOf(StandingPermission.Member.class);
        assertThat(verdict(MessageCategory.MARKETING, null, "sender-2", event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                event("ms", EARLIER, marketing(MarketingPreference.STOP)))).isInstanceOf(StandingPermission.Member.class);
    }

    private static AudienceExclusion reason(MessageCategory category, String topic, String senderId, ContactEvent... history) {
        StandingPermission.Verdict verdict = verdict(category, topic, senderId, history);
        assertThat(verdict).isInstanceOf(StandingPermission.Excluded.class);
        return ((StandingPermission.Excluded) verdict).reason();
    }

    private static StandingPermission.Verdict verdict(MessageCategory category, String topic, String senderId, ContactEvent... history) {
        ContactFacts facts = null;
        for (ContactEvent event : history) {
            facts = FOLD.apply(facts, event);
        }
        return StandingPermission.of(facts, category, topic, senderId, POLICY, T0);
    }
}
