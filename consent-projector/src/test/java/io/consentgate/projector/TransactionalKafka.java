package io.consentgate.projector;

import io.consentgate.testing.KafkaTopics;
import java.io.OutputStream;
import java.io.PrintStream;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * An embedded KRaft broker that can run transactions, with the contract topics, once per test JVM.
 * The harness's {@code SharedKafka} broker leaves the transaction log at replication factor 3, which
 * one broker cannot host, so an exactly-once service never gets a transactional producer there.
 * Drop this for {@code SharedKafka} once the harness sets {@code transaction.state.log.*} as
 * {@code KafkaBrokerProcess} does.
 */
final class TransactionalKafka {

    private static final int PARTITIONS = 3;
    private static volatile String bootstrapServers;

    private TransactionalKafka() {
    }

    static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
            broker.brokerProperty("transaction.state.log.replication.factor", "1");
            broker.brokerProperty("transaction.state.log.min.isr", "1");
            broker.brokerProperty("transaction.state.log.num.partitions", "3");
            broker.brokerProperty("offsets.topic.num.partitions", "3");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            startQuietly(broker);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "transactional-kafka-shutdown"));
            KafkaTopics.createContractTopics(broker.getBrokersAsString(), PARTITIONS);
            bootstrapServers = broker.getBrokersAsString();
        }
        return bootstrapServers;
    }

    /** Kafka's storage formatter prints to System.out, past any logging config. */
    private static void startQuietly(EmbeddedKafkaKraftBroker broker) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            broker.afterPropertiesSet();
        } finally {
            System.setOut(console);
        }
    }
}
