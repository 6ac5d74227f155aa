package io.consentgate.events;

import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** For API tests: a producer that acknowledges every send at once and remembers it, and an in-memory registry. */
@TestConfiguration(proxyBeanMethods = false)
public class MockKafka {

    @Bean
    @Primary
    MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Bean
    SchemaRegistryClient inMemoryRegistry() {
        return new InMemorySchemaRegistryClient();
    }
}
