package io.consentgate.testing;

import static io.consentgate.schemas.Topics.CONTACT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.ContactKey;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker that can crash: what it acknowledged survives a kill -9 and a restart. */
class KafkaBrokerProcessTest {

    @TempDir
    Path folder;

    @Test
    void shouldKeepAcknowledgedRecordsAcrossAKillAndARestart() throws Exception {
        // Given a broker process with the contract topics, and an opt-in it has acknowledged
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(folder).start()) {
            KafkaTopics.createContractTopics(broker.bootstrapServers(), 3);
            ContactKey key = new ContactKey("biz-crash", "+34612345678");
            ContactEvent optIn = SampleEvents.webFormOptIn(key);
            try (Producer<String, ContactEvent> producer =
                         TopicClients.producer(broker.bootstrapServers(), CONTACT_EVENTS, SharedRegistry.client())) {
                producer.send(new ProducerRecord<>(CONTACT_EVENTS.name(), key.toString(), optIn)).get();
            }

            // When it is killed like a crash and started again
            broker.kill();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            // Then the opt-in is still there
            try (Consumer<String, ContactEvent> consumer =
                         TopicClients.consumer(broker.bootstrapServers(), CONTACT_EVENTS, SharedRegistry.client())) {
                List<ConsumerRecord<String, ContactEvent>> records = KafkaAwait.recordsWithKey(consumer, key.toString(), 1);
                assertThat(records).singleElement().extracting(ConsumerRecord::value).isEqualTo(optIn);
            }
        }
    }
}
