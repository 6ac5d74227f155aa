package io.consentgate.projector.topology;

import static io.consentgate.projector.SampleContactEvents.event;
import static io.consentgate.projector.SampleContactEvents.inbound;
import static io.consentgate.projector.SampleContactEvents.marketingOptOut;
import static io.consentgate.projector.SampleContactEvents.webFormOptIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.streams.DeadLetterProcessingHandler;
import io.consentgate.support.streams.HomePartitions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One person under two identities in the projector: a linked phone number's facts become its BSUID's, and both states show the link. */
class IdentityLinksProjectionTest {

    private static final ContactKey PHONE = new ContactKey("zapateria-lucia", "+34612345678");
    private static final ContactKey BSUID = new ContactKey("zapateria-lucia", "ES.1410018717833190");
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final ErasureHasher HASHER = new ErasureHasher("test-erasure-key-with-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8));
    private static final BusinessPolicies POLICIES = BusinessPolicies.of(BusinessPolicy.DEFAULTS, Map.of());

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ContactEvent> contactEvents;
    private TestOutputTopic<String, ContactState> consentState;
    private KeyValueStore<String, ContactState> states;

    @BeforeEach
    void startTopology() {
        ContractSerdes serdes = new ContractSerdes(new InMemorySchemaRegistryClient());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "projector-identity-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        driver = new TopologyTestDriver(ProjectorTopology.build(serdes, new ContactFactsFold(POLICIES, HASHER), HASHER,
                new ConsentFacts(POLICIES), new ProjectorMetrics(new SimpleMeterRegistry()), Duration.ofDays(90),
                HomePartitions.PartitionCounts.fixed(1)), config, T0.plus(Duration.ofDays(1)));
        contactEvents = driver.createInputTopic(Topics.CONTACT_EVENTS.name(), new StringSerializer(), serdes.value(Topics.CONTACT_EVENTS).serializer());
        consentState = driver.createOutputTopic(Topics.CONSENT_STATE.name(), new StringDeserializer(), serdes.value(Topics.CONSENT_STATE).deserializer());
        states = driver.getKeyValueStore(ProjectorTopology.STATE_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldMergeThePhoneNumbersFactsIntoTheBsuidAndProjectItsLaterEventsThere() {
        // Given the person opted in under the phone number and wrote under the BSUID
        pipe(webFormOptIn(PHONE, "e1", T0));
        pipe(inbound(BSUID, "e2", T0.plusSeconds(60), null));

        // When an event carries both, and the person then opts out of marketing under the phone number
        link(T0.plusSeconds(120));
        pipe(marketingOptOut(PHONE, "e3", T0.plusSeconds(180)));

        // Then the BSUID holds the person: the opt-in, the window, the opt-out, and lists the number
        ContactState person = states.get(BSUID.toString());
        assertThat(person.getAliases()).containsExactly(PHONE.contact());
        assertThat(person.getSenders()).hasSize(1);
        assertThat(person.getScopes()).extracting(scope -> scope.getStatus()).contains(ConsentStatus.OPTED_IN, ConsentStatus.OPTED_OUT);
        // and the number says whose it is, its own facts as they were at the link
        ContactState alias = states.get(PHONE.toString());
        assertThat(alias.getLinkedTo()).isEqualTo(BSUID.contact());
        assertThat(alias.getScopes()).extracting(scope -> scope.getStatus()).containsOnly(ConsentStatus.OPTED_IN);
        // and consent-state publishes both
        assertThat(consentState.readKeyValuesToMap().get(BSUID.toString()).getAliases()).containsExactly(PHONE.contact());
    }

    @Test
    void shouldMergeTheNumbersFactsOnlyOnceWhenTheLinkComesAgain() {
        pipe(webFormOptIn(PHONE, "e1", T0));
        link(T0.plusSeconds(60));
        ContactState once = states.get(BSUID.toString());

        link(T0.plusSeconds(120));

        assertThat(states.get(BSUID.toString())).isEqualTo(once);
    }

    private void link(Instant at) {
        IdentityLinked link = new IdentityLinked(PHONE.contact(), BSUID.contact());
        pipe(event(PHONE, "link-phone-" + at.toEpochMilli(), at, "whatsapp-webhook", link));
        pipe(event(BSUID, "link-bsuid-" + at.toEpochMilli(), at, "whatsapp-webhook", link));
    }

    private void pipe(ContactEvent event) {
        contactEvents.pipeInput(new ContactKey(event.getBusinessId(), event.getContact()).toString(), event, event.getOccurredAt());
    }
}
