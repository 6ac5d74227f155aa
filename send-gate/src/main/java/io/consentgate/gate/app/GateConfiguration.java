package io.consentgate.gate.app;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.gate.topology.DecisionExplainer;
import io.consentgate.gate.topology.GateTopology;
import io.consentgate.schemas.Topics;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.PrivacyProperties;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.StreamsProbes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wires the pure topology to Kafka: the gate owns its {@code KafkaStreams} ({@link GateStreams})
 * rather than spring-kafka's StreamsBuilderFactoryBean, because the topology is built whole by
 * {@link GateTopology#build} (the factory bean hands out a StreamsBuilder to add to instead).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GateProperties.class)
class GateConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    GateMetrics gateMetrics(MeterRegistry registry) {
        return new GateMetrics(registry);
    }

    /** The fetch fences' link to the broker: one per instance, for every partition with parked requests (docs/ordering.md, "The fetch fence"). */
    @Bean(destroyMethod = "close")
    FenceReader fenceReader(KafkaProperties kafka, GateProperties properties, ContractSerdes serdes) {
        return new FenceReader(new KafkaConsumer<>(FenceReader.gapReaderConfig(kafka.buildConsumerProperties()), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                serdes.value(Topics.CONTACT_EVENTS).deserializer(), properties.fencePollInterval());
    }

    @Bean
    Topology gateTopology(KafkaProperties kafka, GateProperties properties, PrivacyProperties privacy, BusinessPolicies policies, Clock clock, ContractSerdes serdes,
                          FenceReader endOffsets, GateMetrics metrics) {
        return GateTopology.build(properties.settings(privacy.erasureHasher()), policies, clock, serdes, endOffsets,
                HomePartitions.PartitionCounts.fromBroker(kafka.buildAdminProperties()), metrics);
    }

    /** {@code spring.kafka.streams.*} as Boot reads it; the application id defaults to {@code spring.application.name}. */
    @Bean
    GateStreams gateStreams(Topology topology, KafkaProperties kafka, Environment environment, MeterRegistry registry) {
        Map<String, Object> config = new HashMap<>(kafka.buildStreamsProperties());
        config.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, environment.getRequiredProperty("spring.application.name"));
        return new GateStreams(topology, config, registry);
    }

    @Bean
    DecisionExplainer decisionExplainer(GateProperties properties, PrivacyProperties privacy, BusinessPolicies policies, Clock clock) {
        return new DecisionExplainer(properties.settings(privacy.erasureHasher()), policies, clock);
    }

    @Bean(destroyMethod = "close")
    SenderHealthMetrics senderHealthMetrics(MeterRegistry registry, GateStreams streams) {
        return new SenderHealthMetrics(registry, streams);
    }

    @Bean
    HealthIndicator streamsHealthIndicator(GateStreams streams) {
        return StreamsProbes.readiness(streams.managed());
    }

    @Bean
    HealthIndicator streamsLivenessHealthIndicator(GateStreams streams) {
        return StreamsProbes.liveness(streams.managed());
    }
}
