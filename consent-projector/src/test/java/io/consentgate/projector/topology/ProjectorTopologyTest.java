package io.consentgate.projector.topology;

import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.DeadLetterProcessingHandler;
import static io.consentgate.projector.SampleContactEvents.erasure;
import static io.consentgate.projector.SampleContactEvents.inbound;
import static io.consentgate.projector.SampleContactEvents.marketingOptOut;
import static io.consentgate.projector.SampleContactEvents.webFormOptIn;
import static io.consentgate.projector.SendDecisions.approvedSend;
import static io.consentgate.projector.SendDecisions.optedOutRejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.ScopeState;
import io.consentgate.avro.SendRejection;
import io.consentgate.projector.topology.SendDecision.Outcome;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.SampleContactEvents;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.projector.topology.ConsentFact.Kind;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.PolicyProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ProjectorTopologyTest {

    private static final ContactKey LUCIA = new ContactKey("zapateria-lucia", "+34612345678");
    private static final ContactKey PEPE = new ContactKey("bar-pepe", "+34612345679");
    /** As the projector binds it in production; only bar-pepe has a policy of its own. */
    private static final BusinessPolicies POLICIES = new Binder(new MapConfigurationPropertySource(Map.of(
            "consentgate.policy.businesses.bar-pepe.opt-out-keywords", "STOP,¡Ya basta!")))
            .bindOrCreate("consentgate.policy", PolicyProperties.class).businessPolicies();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** The wall clock when the tests start: a day after T0. */
    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    private static final Duration DECISION_RETENTION = ProjectorDriver.DECISION_RETENTION;
    private static final ErasureHasher HASHER = ProjectorDriver.HASHER;

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ProjectorDriver projector;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ContactEvent> contactEvents;
    private TestOutputTopic<String, ContactState> consentState;
    private KeyValueStore<String, ContactState> states;
    private KeyValueStore<String, ConsentFact> history;
    private TestInputTopic<String, ApprovedSend> approvedSends;
    private TestInputTopic<String, SendRejection> sendRejections;
    private KeyValueStore<String, SendDecision> decisions;
    private KeyValueStore<String, String> decisionsByTime;

    @BeforeEach
    void startTopology() {
        projector = new ProjectorDriver("projector-topology-test", stateDir, POLICIES, meters, 1, NOW);
        driver = projector.driver();
        contactEvents = projector.input(Topics.CONTACT_EVENTS);
        consentState = projector.output(Topics.CONSENT_STATE);
        states = driver.getKeyValueStore(ProjectorTopology.STATE_STORE);
        history = driver.getKeyValueStore(ProjectorTopology.HISTORY_STORE);
        approvedSends = projector.input(Topics.APPROVED_SENDS);
        sendRejections = projector.input(Topics.SEND_REJECTIONS);
        decisions = driver.getKeyValueStore(ProjectorTopology.DECISIONS_STORE);
        decisionsByTime = driver.getKeyValueStore(ProjectorTopology.DECISIONS_BY_TIME_STORE);
    }

    @AfterEach
    void closeDriver() {
        projector.close();
    }

    @Test
    void shouldKeepStateAndHistoryAfterARealisticSequenceWithDuplicatesAndReplays() {
        // Given a contact who opts in on the web, writes, opts out of marketing by phone, sends STOP,
        // and whose older paper opt-in is imported late
        List<ContactEvent> sequence = List.of(
                webFormOptIn(LUCIA, "e1-optin", T0),
                inbound(LUCIA, "e2-hola", T0.plusSeconds(3600), null),
                webFormOptIn(LUCIA, "e1-optin", T0), // a webhook retry of the opt-in
                marketingOptOut(LUCIA, "e3-optout", T0.plusSeconds(7200)),
                inbound(LUCIA, "e4-stop", T0.plusSeconds(10800), "STOP"),
                webFormOptIn(LUCIA, "e0-late-import", T0.minusSeconds(86400)));

        // When it is applied, and then the whole sequence is replayed
        sequence.forEach(event -> contactEvents.pipeInput(LUCIA.toString(), event));
        List<KeyValue<String, ContactState>> published = consentState.readKeyValuesToList();
        sequence.forEach(event -> contactEvents.pipeInput(LUCIA.toString(), event));

        // Then every change (not the duplicate, not the replay) was published under the contact's key
        assertThat(published).hasSize(5).allSatisfy(record -> assertThat(record.key).isEqualTo(LUCIA.toString()));
        assertThat(consentState.isEmpty()).as("a replay publishes nothing").isTrue();

        // And the state says: opted out of everything by keyword, marketing by phone, window open
        ContactState state = states.get(LUCIA.toString());
        // (compared as domain states: Avro's equals cannot compare nullable timestamps)
        assertThat(ContactFactsAvro.fromAvro(state)).isEqualTo(ContactFactsAvro.fromAvro(published.getLast().value));
        assertThat(scope(state, ConsentCategory.ALL, null).getStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(scope(state, ConsentCategory.ALL, null).getEvidenceRef()).isEqualTo("wamid.e4-stop");
        assertThat(scope(state, ConsentCategory.MARKETING, null).getStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(scope(state, ConsentCategory.MARKETING, null).getSince()).isEqualTo(T0.plusSeconds(7200));
        assertThat(state.getSenders()).singleElement()
                .satisfies(sender -> assertThat(sender.getLastInboundAt()).isEqualTo(T0.plusSeconds(10800)));

        // And the history holds the four consent facts once each, oldest first, with proof; no plain message
        List<ConsentFact> facts = historyOf(LUCIA);
        assertThat(facts).extracting(ConsentFact::eventId).containsExactly("e0-late-import", "e1-optin", "e3-optout", "e4-stop");
        assertThat(facts.get(1).kind()).isEqualTo(Kind.OPT_IN);
        assertThat(facts.get(1).proof().noticeHash()).isEqualTo("9b74c9897bac770ffc029102a200c5de0f6f8e2b4ae5e4b63c1d2e2fb0e7c6a1");
        assertThat(facts.get(1).proof().ipAddress()).isEqualTo("203.0.113.7");
        assertThat(facts.get(3)).satisfies(keyword -> {
            assertThat(keyword.kind()).isEqualTo(Kind.OPT_OUT);
            assertThat(keyword.method()).isEqualTo(OptOutMethod.KEYWORD);
            assertThat(keyword.evidenceRef()).isEqualTo("wamid.e4-stop");
            assertThat(keyword.scopes()).containsExactly(new ConsentFact.ScopeRef("ALL", null));
        });

        // And the counters counted each fact once
        assertThat(meters.counter("consentgate.projector.events.applied", "type", "OptIn", "channel", "WEB_FORM").count()).isEqualTo(2);
        assertThat(meters.counter("consentgate.projector.keyword.opt.outs", "method", "KEYWORD").count()).isEqualTo(1);
        assertThat(meters.counter("consentgate.projector.opt.outs", "channel", "CALL_CENTER", "scope", "MARKETING").count()).isEqualTo(1);
    }

    @Test
    void shouldHonourTheOptOutKeywordsABusinessConfiguredAndOnlyForThatBusiness() {
        // Given a contact of bar-pepe, whose policy adds "¡Ya basta!" to the opt-out keywords, and one of a business with the defaults
        contactEvents.pipeInput(PEPE.toString(), webFormOptIn(PEPE, "e1-optin", T0));
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-optin", T0));

        // When both write "ya basta" (the intake folds it to YA BASTA; "basta" alone is a default Italian keyword)
        contactEvents.pipeInput(PEPE.toString(), inbound(PEPE, "e2-basta", T0.plusSeconds(60), "YA BASTA"));
        contactEvents.pipeInput(LUCIA.toString(), inbound(LUCIA, "e2-basta", T0.plusSeconds(60), "YA BASTA"));

        // Then bar-pepe's contact has opted out of everything by keyword, as the gate's fold with the same policy says
        assertThat(scope(states.get(PEPE.toString()), ConsentCategory.ALL, null).getStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
        assertThat(historyOf(PEPE).getLast()).satisfies(keyword -> {
            assertThat(keyword.kind()).isEqualTo(Kind.OPT_OUT);
            assertThat(keyword.method()).isEqualTo(OptOutMethod.KEYWORD);
            assertThat(keyword.evidenceRef()).isEqualTo("wamid.e2-basta");
        });

        // And for the other business it is just a message
        assertThat(states.get(LUCIA.toString()).getScopes()).noneMatch(scope -> scope.getStatus() == ConsentStatus.OPTED_OUT);
        assertThat(historyOf(LUCIA)).extracting(ConsentFact::kind).containsExactly(Kind.OPT_IN);
    }

    @Test
    void shouldEraseTheContactButKeepHonouringItsOptOut() {
        // Given a contact with an opt-in, a window, a marketing opt-out and a history
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-optin", T0));
        contactEvents.pipeInput(LUCIA.toString(), inbound(LUCIA, "e2-hola", T0.plusSeconds(3600), null));
        contactEvents.pipeInput(LUCIA.toString(), marketingOptOut(LUCIA, "e3-optout", T0.plusSeconds(7200)));
        consentState.readKeyValuesToList();
        String hashedKey = HASHER.erasedKey(LUCIA.businessId(), LUCIA.contact()).toString();

        // When the person asks for erasure
        contactEvents.pipeInput(LUCIA.toString(), erasure(LUCIA, "e4-erase", T0.plusSeconds(10800)));

        // Then the old key is tombstoned and the remnant published under the keyed hash, with no personal data
        List<KeyValue<String, ContactState>> published = consentState.readKeyValuesToList();
        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isEqualTo(KeyValue.pair(LUCIA.toString(), null));
        assertThat(published.get(1).key).isEqualTo(hashedKey);
        ContactState remnant = published.get(1).value;
        assertThat(remnant.getContact()).isNull();
        assertThat(remnant.getContactHash()).isEqualTo(HASHER.hash(LUCIA.businessId(), LUCIA.contact()));
        assertThat(remnant.getErasedAt()).isEqualTo(T0.plusSeconds(10800));
        assertThat(remnant.getScopes()).singleElement().satisfies(optOut -> {
            assertThat(optOut.getScope().getCategory()).isEqualTo(ConsentCategory.MARKETING);
            assertThat(optOut.getStatus()).isEqualTo(ConsentStatus.OPTED_OUT);
            assertThat(optOut.getEvidenceRef()).isNull();
        });
        assertThat(remnant.getSenders()).isEmpty();
        assertThat(remnant.toString()).doesNotContain("612345678");

        // And neither store holds the contact any more
        assertThat(states.get(LUCIA.toString())).isNull();
        assertThat(states.get(hashedKey)).isEqualTo(remnant);
        assertThat(historyOf(LUCIA)).isEmpty();
        assertThat(meters.counter("consentgate.projector.erasures").count()).isEqualTo(1);

        // When an old opt-in is replayed, and the person opts out of everything by another channel
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-replayed-import", T0));
        contactEvents.pipeInput(LUCIA.toString(), event(io.consentgate.avro.Channel.SMS, T0.plusSeconds(14400)));

        // Then the replay brings nothing back, and the new opt-out is kept under the hash, anonymously
        ContactState after = states.get(hashedKey);
        assertThat(after.getContact()).isNull();
        assertThat(after.getScopes()).extracting(ScopeState::getStatus).containsOnly(ConsentStatus.OPTED_OUT);
        assertThat(scope(after, ConsentCategory.ALL, null).getSince()).isEqualTo(T0.plusSeconds(14400));
        assertThat(historyOf(LUCIA)).isEmpty();
        assertThat(consentState.readKeyValuesToList()).allSatisfy(record -> {
            assertThat(record.key).isEqualTo(hashedKey);
            assertThat(record.value.toString()).doesNotContain("612345678");
        });
    }

    @Test
    void shouldMoveTheStateBackWhenAnErasedPersonOptsInAgain() {
        // Given an erased contact
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-optin", T0));
        contactEvents.pipeInput(LUCIA.toString(), erasure(LUCIA, "e2-erase", T0.plusSeconds(60)));
        consentState.readKeyValuesToList();
        String hashedKey = HASHER.erasedKey(LUCIA.businessId(), LUCIA.contact()).toString();

        // When the person opts in anew
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e3-new-optin", T0.plusSeconds(3600)));

        // Then the hashed remnant is tombstoned and the state is the contact's again, with only the new history
        List<KeyValue<String, ContactState>> published = consentState.readKeyValuesToList();
        assertThat(published).extracting(record -> record.key).containsExactly(hashedKey, LUCIA.toString());
        assertThat(published.get(0).value).isNull();
        assertThat(published.get(1).value.getContact()).isEqualTo(LUCIA.contact());
        assertThat(states.get(hashedKey)).isNull();
        assertThat(historyOf(LUCIA)).extracting(ConsentFact::eventId).containsExactly("e3-new-optin");
    }

    @Test
    void shouldParkAnEventKeyedByANonCanonicalContactOnTheDeadLetterTopic() {
        // Given an event whose contact was not normalised by its publisher
        ContactKey raw = new ContactKey("zapateria-lucia", "+34 612 34 56 78");
        TestOutputTopic<byte[], byte[]> deadLetters = driver.createOutputTopic(Topics.CONTACT_EVENTS.deadLetterTopic(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());

        // When it arrives
        contactEvents.pipeInput(raw.toString(), webFormOptIn(raw, "e1-raw", T0));

        // Then it is parked with its original key and nothing is stored or published
        assertThat(deadLetters.readKeyValuesToList()).singleElement()
                .satisfies(parked -> assertThat(new String(parked.key, StandardCharsets.UTF_8)).isEqualTo(raw.toString()));
        assertThat(consentState.isEmpty()).isTrue();
        try (KeyValueIterator<String, ContactState> all = states.all()) {
            assertThat(all.hasNext()).isFalse();
        }
    }

    @Test
    void shouldKeepEachContactsSendDecisionsWithoutTheMessage() {
        // Given a contact who opted in, and another the projector knows nothing about
        ContactKey marta = new ContactKey(LUCIA.businessId(), "+34699111222");
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-optin", T0));

        // When the gate approves one send to her and refuses another, approves one to the other contact
        // (read twice), and refuses a request whose contact is not a number
        approvedSends.pipeInput(LUCIA.toString(), approvedSend(LUCIA, "r1", T0.plusSeconds(3600)));
        sendRejections.pipeInput(LUCIA.toString(), optedOutRejection(LUCIA, "r2", T0.plusSeconds(7200)));
        approvedSends.pipeInput(marta.toString(), approvedSend(marta, "r3", T0.plusSeconds(60)));
        approvedSends.pipeInput(marta.toString(), approvedSend(marta, "r3", T0.plusSeconds(60)));
        sendRejections.pipeInput(LUCIA.businessId() + "|612 34", optedOutRejection(new ContactKey(LUCIA.businessId(), "612 34"), "r4", T0));

        // Then each contact's decisions are kept once, in time order, with what explains them
        List<SendDecision> lucia = decisionsOf(LUCIA);
        assertThat(lucia).extracting(SendDecision::requestId).containsExactly("r1", "r2");
        assertThat(lucia.get(0)).satisfies(approved -> {
            assertThat(approved.outcome()).isEqualTo(Outcome.APPROVED);
            assertThat(approved.decidedAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(approved.basis()).isEqualTo(ApprovalBasis.CONSENT);
            assertThat(approved.consentId()).isEqualTo("cns-e1-optin");
            assertThat(approved.pricingCategory()).isEqualTo(MessageCategory.MARKETING);
            assertThat(approved.billable()).isTrue();
            assertThat(approved.template()).isEqualTo(new SendDecision.Template("black_friday", "es", MessageCategory.MARKETING));
        });
        assertThat(lucia.get(1)).satisfies(rejected -> {
            assertThat(rejected.outcome()).isEqualTo(Outcome.REJECTED);
            assertThat(rejected.reason()).isEqualTo(RejectionReason.OPTED_OUT);
            assertThat(rejected.detail()).contains("opted out of MARKETING");
            assertThat(rejected.basis()).isNull();
        });
        assertThat(decisionsOf(marta)).extracting(SendDecision::requestId).containsExactly("r3");

        // And the unroutable rejection is kept nowhere, nor is any message payload
        assertThat(count(decisions)).isEqualTo(3);
        assertThat(count(decisionsByTime)).isEqualTo(3);
        byte[] stored = new JsonSerde<>(SendDecision.class).serializer().serialize("any", lucia.get(0));
        assertThat(new String(stored, StandardCharsets.UTF_8)).doesNotContain("Black Friday").doesNotContain("payload");
    }

    @Test
    void shouldPurgeDecisionsOnceTheyAreOlderThanTheRetention() {
        // Given decisions made 91 days ago, just under 90 days ago and yesterday
        Instant almostExpired = NOW.minus(DECISION_RETENTION).plus(Duration.ofMinutes(30));
        approvedSends.pipeInput(LUCIA.toString(), approvedSend(LUCIA, "r-91-days", NOW.minus(Duration.ofDays(91))));
        approvedSends.pipeInput(LUCIA.toString(), approvedSend(LUCIA, "r-almost-90-days", almostExpired));
        sendRejections.pipeInput(LUCIA.toString(), optedOutRejection(LUCIA, "r-yesterday", NOW.minus(Duration.ofDays(1))));

        // Then the one already past the retention was never kept
        assertThat(decisionsOf(LUCIA)).extracting(SendDecision::requestId).containsExactly("r-almost-90-days", "r-yesterday");

        // When the hourly purge runs
        driver.advanceWallClockTime(Duration.ofHours(1));

        // Then the one that has passed the retention since is gone from the log and its index
        assertThat(decisionsOf(LUCIA)).extracting(SendDecision::requestId).containsExactly("r-yesterday");
        assertThat(count(decisionsByTime)).isEqualTo(1);
    }

    @Test
    void shouldDeleteTheDecisionsOfAnErasedContactAndKeepNoneFromBeforeTheErasure() {
        // Given a contact with an approved send
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e1-optin", T0));
        approvedSends.pipeInput(LUCIA.toString(), approvedSend(LUCIA, "r1", T0.plusSeconds(3600)));

        // When the person is erased
        contactEvents.pipeInput(LUCIA.toString(), erasure(LUCIA, "e2-erase", T0.plusSeconds(7200)));

        // Then no decision of hers is held any more, and none is kept while only the erased remnant is
        assertThat(count(decisions)).isZero();
        assertThat(count(decisionsByTime)).isZero();
        sendRejections.pipeInput(LUCIA.toString(), optedOutRejection(LUCIA, "r2-while-erased", T0.plusSeconds(10800)));
        assertThat(count(decisions)).isZero();

        // When she opts in anew, and a decision from before the erasure arrives late, then a new one
        contactEvents.pipeInput(LUCIA.toString(), webFormOptIn(LUCIA, "e3-new-optin", T0.plusSeconds(14400)));
        sendRejections.pipeInput(LUCIA.toString(), optedOutRejection(LUCIA, "r0-late", T0.plusSeconds(5400)));
        approvedSends.pipeInput(LUCIA.toString(), approvedSend(LUCIA, "r3", T0.plusSeconds(18000)));

        // Then only the decision made after she came back is kept
        assertThat(decisionsOf(LUCIA)).extracting(SendDecision::requestId).containsExactly("r3");
    }

    private static ContactEvent event(io.consentgate.avro.Channel channel, Instant at) {
        return SampleContactEvents.event(LUCIA, "e5-optout-all", at, "sms-platform",
                new io.consentgate.avro.OptOut(List.of(new io.consentgate.avro.ConsentScope(ConsentCategory.ALL, null)),
                        channel, OptOutMethod.REQUEST, "sms/771"));
    }

    private static ScopeState scope(ContactState state, ConsentCategory category, String topic) {
        return state.getScopes().stream()
                .filter(scope -> scope.getScope().getCategory() == category && java.util.Objects.equals(scope.getScope().getTopic(), topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scope " + category + "/" + topic + " in " + state));
    }

    private List<SendDecision> decisionsOf(ContactKey contact) {
        List<SendDecision> held = new ArrayList<>();
        try (KeyValueIterator<String, SendDecision> entries = decisions.prefixScan(DecisionKeys.prefix(contact), new StringSerializer())) {
            entries.forEachRemaining(entry -> held.add(entry.value));
        }
        return held;
    }

    private static long count(KeyValueStore<String, ?> store) {
        try (KeyValueIterator<String, ?> entries = store.all()) {
            long count = 0;
            for (; entries.hasNext(); entries.next()) {
                count++;
            }
            return count;
        }
    }

    private List<ConsentFact> historyOf(ContactKey contact) {
        List<ConsentFact> facts = new ArrayList<>();
        try (KeyValueIterator<String, ConsentFact> entries = history.prefixScan(HistoryKeys.prefix(contact), new StringSerializer())) {
            entries.forEachRemaining(entry -> facts.add(entry.value));
        }
        return facts;
    }
}
