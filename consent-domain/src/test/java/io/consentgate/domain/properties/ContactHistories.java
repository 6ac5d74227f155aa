package io.consentgate.domain.properties;

import static io.consentgate.domain.Fixtures.T0;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Random but plausible contact histories: every payload kind, a few scopes and topics, times within 30 days before T0. */
final class ContactHistories {

    static final List<String> TOPICS = Arrays.asList(null, "weekly-offers", "order-updates");

    private ContactHistories() {
    }

    static Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(-30L * 24 * 60, 0).map(minutes -> T0.plus(Duration.ofMinutes(minutes)));
    }

    static Arbitrary<ConsentScope> scopes() {
        return Combinators.combine(Arbitraries.of(ConsentCategory.ALL, ConsentCategory.MARKETING, ConsentCategory.UTILITY, ConsentCategory.AUTHENTICATION),
                Arbitraries.of(TOPICS)).as(ConsentScope::new);
    }

    static Arbitrary<Object> payloads() {
        Arbitrary<List<ConsentScope>> scopeLists = scopes().list().ofMinSize(1).ofMaxSize(3);
        // Erasures are rare, so that most histories say something about consent.
        return Arbitraries.frequencyOf(
                Tuple.of(6, Combinators.combine(Arbitraries.strings().numeric().ofLength(3), scopeLists, instants().injectNull(0.7))
                        .as((id, scopes, expiry) -> (Object) Fixtures.optIn("consent-" + id, scopes, expiry))),
                Tuple.of(4, scopeLists.map(Fixtures::optOut)),
                Tuple.of(6, Arbitraries.of("hola", "STOP", "¡Baja!", "start", "please don't stop", "Stop 🛑")
                        .map(text -> Fixtures.inbound("wamid." + text.hashCode(), text))),
                Tuple.of(1, Arbitraries.just(Fixtures.inboundFromAd("wamid.ad"))),
                Tuple.of(1, Arbitraries.just(Fixtures.buttonReply("wamid.btn", "Stop promotions", "Stop promotions"))),
                Tuple.of(2, Arbitraries.of(MarketingPreference.STOP, MarketingPreference.RESUME).map(Fixtures::marketing)),
                Tuple.of(2, Arbitraries.of(131047, 131049, 131050, 131026).map(Fixtures::failed)),
                Tuple.of(1, Arbitraries.just(Fixtures.erasure())));
    }

    static Arbitrary<ContactEvent> events() {
        return Combinators.combine(Arbitraries.strings().alpha().ofLength(6), instants(), payloads())
                .as((id, at, payload) -> Fixtures.event("evt-" + id, at, payload));
    }

    static Arbitrary<List<ContactEvent>> histories() {
        return events().list().ofMaxSize(20);
    }

    static Arbitrary<SendRequest> requests() {
        Arbitrary<SendRequest> templates = Combinators.combine(
                        Arbitraries.of(MessageCategory.MARKETING, MessageCategory.UTILITY, MessageCategory.AUTHENTICATION), Arbitraries.of(TOPICS))
                .as((category, topic) -> Fixtures.request("req", Fixtures.PHONE, MessageKind.TEMPLATE, Fixtures.templateRef(category), topic));
        return Arbitraries.oneOf(templates, Arbitraries.just(Fixtures.freeForm("req")));
    }
}
