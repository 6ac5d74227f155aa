package io.consentgate.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** spring-kafka-test's in-JVM KRaft broker (one node, broker and controller). */
record EmbeddedBroker(EmbeddedKafkaKraftBroker broker) implements SharedBroker {

    static EmbeddedBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // A consumer group starts at once instead of waiting 3 s for more members to join.
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        // One node: the transaction log must fit on it, or exactly-once services never get a producer.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.brokerProperty("transaction.state.log.num.partitions", "3");
        broker.brokerProperty("offsets.topic.num.partitions", "3");
        startQuietly(broker);
        return new EmbeddedBroker(broker);
    }

    /** Kafka's storage formatter prints to System.out, past any logging config: keep that off the test output. */
    private static void startQuietly(EmbeddedKafkaKraftBroker broker) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            broker.afterPropertiesSet();
        } finally {
            System.setOut(console);
        }
    }

    @Override
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void stop() {
        broker.destroy();
    }
}
