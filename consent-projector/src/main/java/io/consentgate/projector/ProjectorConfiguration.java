package io.consentgate.projector;

import io.consentgate.avro.ContactEvent;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.projector.topology.ConsentFacts;
import io.consentgate.projector.topology.ProjectorTopology;
import io.consentgate.schemas.Topics;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.PrivacyProperties;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.StreamsProbes;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** Wires the core, the topology and the Kafka clients; no business rule lives here. */
@Configuration(proxyBeanMethods = false)
class ProjectorConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ErasureHasher erasureHasher(PrivacyProperties privacy) {
        return privacy.erasureHasher();
    }

    /** {@code policies}: service-support's binding of {@code consentgate.policy.*}, the gate's too, so that both folds agree. */
    @Bean
    Topology projectorTopology(ContractSerdes serdes, BusinessPolicies policies, ErasureHasher erasureHasher, MeterRegistry meters,
                               ProjectorProperties properties, KafkaProperties kafka) {
        return ProjectorTopology.build(serdes, new ContactFactsFold(policies, erasureHasher), erasureHasher,
                new ConsentFacts(policies), new ProjectorMetrics(meters), properties.decisionRetention(),
                HomePartitions.PartitionCounts.fromBroker(kafka.buildAdminProperties()));
    }

    @Bean
    ProjectorStreams projectorStreams(Topology topology, KafkaProperties kafka, ProjectorProperties properties, Environment environment,
                                      MeterRegistry meters) {
        Map<String, Object> streamsProperties = new HashMap<>(kafka.buildStreamsProperties());
        streamsProperties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, environment.getRequiredProperty("spring.application.name"));
        return new ProjectorStreams(topology, streamsProperties, properties.advertisedHost(), meters);
    }

    /** Readiness: the first assignment taken and the stores restored, so that lookups are routed only to instances that answer. */
    @Bean
    HealthIndicator streamsHealthIndicator(ProjectorStreams projector) {
        return StreamsProbes.readiness(projector.managed());
    }

    @Bean
    HealthIndicator streamsLivenessHealthIndicator(ProjectorStreams projector) {
        return StreamsProbes.liveness(projector.managed());
    }

    /** Erasure requests only: the one record the projector writes to contact-events (see docs/data.md, "Erasure"). */
    @Bean
    ProducerFactory<String, ContactEvent> erasureProducerFactory(KafkaProperties kafka, ContractSerdes serdes) {
        return new DefaultKafkaProducerFactory<>(kafka.buildProducerProperties(), serdes.key().serializer(),
                serdes.value(Topics.CONTACT_EVENTS).serializer());
    }

    @Bean
    KafkaTemplate<String, ContactEvent> erasureTemplate(ProducerFactory<String, ContactEvent> erasureProducerFactory) {
        return new KafkaTemplate<>(erasureProducerFactory);
    }
}
