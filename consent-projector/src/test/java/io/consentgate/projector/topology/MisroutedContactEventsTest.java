package io.consentgate.projector.topology;

import static io.consentgate.projector.SampleContactEvents.marketingOptOut;
import static io.consentgate.projector.SampleContactEvents.webFormOptIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.MisroutedRecords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contact events on a partition that is not their key's: the driver reads everything on partition 0 of a
 * contact-events the projector takes to have 4 partitions, so a contact whose key maps elsewhere stands for one
 * whose producer partitioned with another hash. Its events are rerouted, folded in order, and counted.
 */
class MisroutedContactEventsTest {

    private static final int PARTITIONS = 4;
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final BusinessPolicies POLICIES = BusinessPolicies.of(BusinessPolicy.DEFAULTS, Map.of());

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ProjectorDriver projector;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ContactEvent> contactEvents;
    private TestOutputTopic<String, ContactState> consentState;

    @BeforeEach
    void start() {
        projector = new ProjectorDriver("projector-misrouted-test", stateDir, POLICIES, meters, PARTITIONS, T0.plus(Duration.ofDays(1)));
        driver = projector.driver();
        contactEvents = projector.input(Topics.CONTACT_EVENTS);
        consentState = projector.output(Topics.CONSENT_STATE);
    }

    @AfterEach
    void close() {
        projector.close();
    }

    private static ContactKey contact(boolean misrouted) {
        return IntStream.range(0, 1000).mapToObj(i -> new ContactKey("zapateria-lucia", "+34612" + String.format("%06d", i)))
                .filter(key -> (HomePartitions.of(key.toString(), PARTITIONS) != 0) == misrouted).findFirst().orElseThrow();
    }

    private double misrouted() {
        return meters.get(MisroutedRecords.METRIC).tags("topic", Topics.CONTACT_EVENTS.name(), "service", "consent-projector").counter().count();
    }

    @Test
    void shouldFoldMisroutedEventsInOrderAndCountThem() {
        // Given
        ContactKey lucia = contact(true);
        assertThat(misrouted()).as("from zero").isZero();

        // When her opt-in and opt-out are read off her home partition
        contactEvents.pipeInput(lucia.toString(), webFormOptIn(lucia, "optin-1", T0), T0);
        contactEvents.pipeInput(lucia.toString(), marketingOptOut(lucia, "optout-1", T0.plusSeconds(60)), T0.plusSeconds(60));

        // Then they are folded, in order
        ContactState state = driver.<String, ContactState>getKeyValueStore(ProjectorTopology.STATE_STORE).get(lucia.toString());
        assertThat(state).isNotNull();
        assertThat(consentState.readKeyValuesToList()).hasSize(2).allSatisfy(record -> assertThat(record.key).isEqualTo(lucia.toString()));
        assertThat(driver.<String, ConsentFact>getKeyValueStore(ProjectorTopology.HISTORY_STORE).approximateNumEntries()).isEqualTo(2);
        assertThat(misrouted()).isEqualTo(2);
    }

    @Test
    void shouldCountNothingForEventsOnTheirHomePartition() {
        // Given
        ContactKey pepe = contact(false);

        // When
        contactEvents.pipeInput(pepe.toString(), webFormOptIn(pepe, "optin-1", T0), T0);

        // Then
        assertThat(consentState.readKeyValuesToList()).hasSize(1);
        assertThat(misrouted()).isZero();
    }
}
