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

/** A three-node cluster whose busiest node dies: what it acknowledged (acks=all, two in sync) survives, and writes go on. */
class KafkaClusterProcessTest {

    @TempDir
    Path folder;

    @Test
    void shouldKeepAcknowledgedRecordsWhenTheBusiestNodeIsKilled() throws Exception {
        // Given a three-node cluster with the contract topics on every node, and an opt-in it has acknowledged
        try (KafkaClusterProcess cluster = KafkaClusterProcess.create(folder, 3).start()) {
            KafkaTopics.createContractTopics(cluster.bootstrapServers(), 3, 3);
            ContactKey key = new ContactKey("biz-cluster", "+34612345679");
            ContactEvent optIn = SampleEvents.webFormOptIn(key);
            try (Producer<String, ContactEvent> producer =
                         TopicClients.producer(cluster.bootstrapServers(), CONTACT_EVENTS, SharedRegistry.client())) {
                producer.send(new ProducerRecord<>(CONTACT_EVENTS.name(), key.toString(), optIn)).get();

                // When the node that leads the most partitions is killed like a crash
                KafkaBrokerProcess busiest = cluster.leaderOfMostPartitions();
                busiest.kill();

                // Then the two others still take writes (two replicas in sync), and lead everything
                producer.send(new ProducerRecord<>(CONTACT_EVENTS.name(), key.toString(), optIn)).get();
                assertThat(cluster.leadersByNode()).doesNotContainKey(busiest.nodeId());

                // And once it is back on its data, it catches up
                busiest.start();
                cluster.awaitFullyReplicated();
            }
            try (Consumer<String, ContactEvent> consumer =
                         TopicClients.consumer(cluster.bootstrapServers(), CONTACT_EVENTS, SharedRegistry.client())) {
                List<ConsumerRecord<String, ContactEvent>> records = KafkaAwait.recordsWithKey(consumer, key.toString(), 2);
                assertThat(records).hasSize(2);
            }
        }
    }
}
