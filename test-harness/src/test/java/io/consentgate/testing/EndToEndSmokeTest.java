package io.consentgate.testing;

import static io.consentgate.schemas.Topics.CONTACT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.ContactKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** An event goes through the real broker and the real registry, and comes back equal. */
class EndToEndSmokeTest {

    @Test
    void shouldDeliverAContactEventThroughTheRealBrokerAndRegistry() throws Exception {
        // Given an opt-in under its canonical key
        ContactKey key = new ContactKey("biz-" + UUID.randomUUID(), "+34612345678");
        ContactEvent optIn = SampleEvents.webFormOptIn(key);

        // When it is produced with the Avro serde
        try (Producer<String, ContactEvent> producer = SharedKafka.producer(CONTACT_EVENTS)) {
            producer.send(new ProducerRecord<>(CONTACT_EVENTS.name(), key.toString(), optIn)).get();
        }

        // Then a consumer decodes the same event
        try (Consumer<String, ContactEvent> consumer = SharedKafka.consumer(CONTACT_EVENTS)) {
            assertThat(KafkaAwait.recordWithKey(consumer, key.toString()).value()).isEqualTo(optIn);
        }
    }

    @Test
    void shouldWriteTheConfluentWireFormatWithASchemaIdTheRegistryKnows() throws Exception {
        // Given an opt-in produced with the Avro serde
        ContactKey key = new ContactKey("biz-" + UUID.randomUUID(), "+34612345678");
        try (Producer<String, ContactEvent> producer = SharedKafka.producer(CONTACT_EVENTS)) {
            producer.send(new ProducerRecord<>(CONTACT_EVENTS.name(), key.toString(), SampleEvents.webFormOptIn(key))).get();
        }

        // When its bytes are read as they are on the wire
        byte[] wire;
        try (Consumer<String, byte[]> consumer = SharedKafka.rawConsumer(CONTACT_EVENTS.name())) {
            wire = KafkaAwait.recordWithKey(consumer, key.toString()).value();
        }

        // Then they start with magic byte 0 and the id under which the registry serves ContactEvent's schema
        assertThat(wire[0]).isZero();
        int schemaId = ByteBuffer.wrap(wire, 1, 4).getInt();
        assertThat(registeredSchema(schemaId)).isEqualTo(ContactEvent.getClassSchema());
    }

    private static Schema registeredSchema(int id) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(SharedRegistry.url() + "/schemas/ids/" + id)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return new Schema.Parser().parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
        }
    }
}
