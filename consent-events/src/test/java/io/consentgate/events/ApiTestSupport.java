package io.consentgate.events;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.SharedKafka;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One Spring context for every API test: the whole web stack with a producer that acknowledges at once
 * and remembers what it was sent (so tests can require that nothing was published).
 */
@SpringBootTest(properties = {
        "consentgate.security.api-keys.web-signup=test-key",
        "consentgate.policy.businesses.acme-es.default-region=ES",
        "consentgate.events.whatsapp.verify-token=verify-me",
        "consentgate.events.whatsapp.app-secret=app-secret-ü",
        "consentgate.events.whatsapp.accounts." + Fixtures.WABA_ID + "=" + Fixtures.BUSINESS_ID,
        "consentgate.events.whatsapp.senders." + Fixtures.DISPLAY_NUMBER + "=" + Fixtures.PHONE_NUMBER_ID,
        "consentgate.events.max-request-size=64KB",
        "consentgate.events.max-import-size=256KB",
        "consentgate.events.whatsapp.max-body-size=256KB"})
@Import(MockKafka.class)
public abstract class ApiTestSupport {

    public static final String API_KEY = "test-key";

    @Autowired
    protected MockProducer<byte[], byte[]> producer;
    @Autowired
    protected SchemaRegistryClient registry;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry properties) {
        // Nothing is produced through it, but the health indicator's admin client needs a broker to talk to.
        properties.add("spring.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
    }

    protected List<ProducerRecord<byte[], byte[]>> sent() {
        return producer.history();
    }

    protected ContactEvent contactEvent(ProducerRecord<byte[], byte[]> record) {
        return AvroSerde.forTopic(Topics.CONTACT_EVENTS, registry).deserializer().deserialize(record.topic(), record.value());
    }

    protected BusinessEvent businessEvent(ProducerRecord<byte[], byte[]> record) {
        return AvroSerde.forTopic(Topics.BUSINESS_EVENTS, registry).deserializer().deserialize(record.topic(), record.value());
    }
}
