package io.consentgate.events.intake;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.events.publisher.ConsentEventPublisher;
import io.consentgate.schemas.Topics;
import io.consentgate.support.ContractSerdes;
import java.time.Clock;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The publisher over a plain Kafka producer. Hand-made rather than spring-kafka's template because the
 * publisher is a plain-Java library upstream systems use too; Boot still supplies every producer
 * setting from {@code spring.kafka.*}, and the publisher enforces acks=all and idempotence on top.
 */
@Configuration(proxyBeanMethods = false)
class PublisherConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> eventProducer(KafkaProperties kafka) {
        return new KafkaProducer<>(ConsentEventPublisher.reliable(kafka.buildProducerProperties()));
    }

    /** Closed with its producer (the producer bean's own destroy method). */
    @Bean(destroyMethod = "")
    ConsentEventPublisher consentEventPublisher(Producer<byte[], byte[]> eventProducer, ContractSerdes serdes,
                                                BusinessPolicies policies, Clock clock) {
        return new ConsentEventPublisher(eventProducer,
                serdes.value(Topics.CONTACT_EVENTS).serializer(),
                serdes.value(Topics.BUSINESS_EVENTS).serializer(),
                businessId -> policies.of(businessId).defaultRegion(), clock);
    }
}
