package io.consentgate.gate.app;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.SharedKafka;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The producers a test of the running gate writes its input with, on the shared broker and registry: opened before
 * the test class, closed after it. Register with {@code @RegisterExtension static final GateProducers kafka = new GateProducers();}.
 */
final class GateProducers implements BeforeAllCallback, AfterAllCallback {

    private Producer<String, ContactEvent> contactEvents;
    private Producer<String, BusinessEvent> businessEvents;
    private Producer<String, SendRequest> requests;

    @Override
    public void beforeAll(ExtensionContext context) {
        contactEvents = SharedKafka.producer(Topics.CONTACT_EVENTS);
        businessEvents = SharedKafka.producer(Topics.BUSINESS_EVENTS);
        requests = SharedKafka.producer(Topics.OUTBOUND_REQUESTS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        contactEvents.close();
        businessEvents.close();
        requests.close();
    }

    Producer<String, ContactEvent> contactEvents() {
        return contactEvents;
    }

    Producer<String, BusinessEvent> businessEvents() {
        return businessEvents;
    }

    Producer<String, SendRequest> requests() {
        return requests;
    }
}
