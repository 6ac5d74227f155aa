package io.consentgate.projector.topology;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.streams.DeadLetterProcessingHandler;
import io.consentgate.support.streams.HomePartitions;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The projector's whole topology on a {@link TopologyTestDriver}, with the contract's serdes, as the topology tests run it. */
final class ProjectorDriver implements AutoCloseable {

    static final ErasureHasher HASHER = new ErasureHasher("test-erasure-key-with-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8));
    static final Duration DECISION_RETENTION = Duration.ofDays(90);

    private final ContractSerdes serdes = new ContractSerdes(new InMemorySchemaRegistryClient());
    private final TopologyTestDriver driver;

    /**
     * The topology under {@code policies}, taking contact-events to have {@code partitions} partitions, its wall
     * clock at {@code now}; failed records go to the dead-letter topics as in production.
     */
    ProjectorDriver(String applicationId, Path stateDir, BusinessPolicies policies, MeterRegistry meters, int partitions, Instant now) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        driver = new TopologyTestDriver(ProjectorTopology.build(serdes, new ContactFactsFold(policies, HASHER), HASHER,
                new ConsentFacts(policies), new ProjectorMetrics(meters), DECISION_RETENTION, HomePartitions.PartitionCounts.fixed(partitions)),
                config, now);
    }

    TopologyTestDriver driver() {
        return driver;
    }

    <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), serdes.value(topic).serializer());
    }

    <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), serdes.value(topic).deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
