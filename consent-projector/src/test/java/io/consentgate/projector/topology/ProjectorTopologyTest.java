package io.consentgate.projector.topology;

import io.consentgate.support.streams.DeadLetterProcessingHandler;
import static io.consentgate.projector.ContactEvents.erasure;
import static io.consentgate.projector.ContactEvents.inbound;
import static io.consentgate.projector.ContactEvents.marketingOptOut;
import static io.consentgate.projector.ContactEvents.webFormOptIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.ScopeState;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactStateAvro;
import io.consentgate.domain.state.ContactStateFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.projector.topology.ConsentFact.Kind;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

class ProjectorTopologyTest {

    private static final ContactKey LUCIA = new ContactKey("zapateria-lucia", "+34612345678");
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final ErasureHasher HASHER = new ErasureHasher("test-erasure-key-with-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, ContactEvent> contactEvents;
    private TestOutputTopic<String, ContactState> consentState;
    private KeyValueStore<String, ContactState> states;
    private KeyValueStore<String, ConsentFact> history;

    @BeforeEach
    void startTopology() {
        ContractSerdes serdes = new ContractSerdes(new InMemorySchemaRegistryClient());
        BusinessPolicies policies = BusinessPolicies.of(BusinessPolicy.DEFAULTS, Map.of());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        driver = new TopologyTestDriver(ProjectorTopology.build(serdes, new ContactStateFold(policies, HASHER), HASHER,
                new ConsentFacts(policies), new ProjectorMetrics(meters)), config);
        contactEvents = driver.createInputTopic(Topics.CONTACT_EVENTS.name(), new StringSerializer(),
                serdes.value(Topics.CONTACT_EVENTS).serializer());
        consentState = driver.createOutputTopic(Topics.CONSENT_STATE.name(), new StringDeserializer(),
                serdes.value(Topics.CONSENT_STATE).deserializer());
        states = driver.getKeyValueStore(ProjectorTopology.STATE_STORE);
        history = driver.getKeyValueStore(ProjectorTopology.HISTORY_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
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
        assertThat(ContactStateAvro.fromAvro(state)).isEqualTo(ContactStateAvro.fromAvro(published.getLast().value));
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

    private static ContactEvent event(io.consentgate.avro.Channel channel, Instant at) {
        return io.consentgate.projector.ContactEvents.event(LUCIA, "e5-optout-all", at, "sms-platform",
                new io.consentgate.avro.OptOut(List.of(new io.consentgate.avro.ConsentScope(ConsentCategory.ALL, null)),
                        channel, OptOutMethod.REQUEST, "sms/771"));
    }

    private static ScopeState scope(ContactState state, ConsentCategory category, String topic) {
        return state.getScopes().stream()
                .filter(scope -> scope.getScope().getCategory() == category && java.util.Objects.equals(scope.getScope().getTopic(), topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scope " + category + "/" + topic + " in " + state));
    }

    private List<ConsentFact> historyOf(ContactKey contact) {
        List<ConsentFact> facts = new ArrayList<>();
        try (KeyValueIterator<String, ConsentFact> entries = history.prefixScan(HistoryKeys.prefix(contact), new StringSerializer())) {
            entries.forEachRemaining(entry -> facts.add(entry.value));
        }
        return facts;
    }
}
