package io.consentgate.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** The official Apache Kafka image through Testcontainers, for machines with a Docker engine. */
record ContainerBroker(KafkaContainer container) implements SharedBroker {

    static final String IMAGE_PROPERTY = "consentgate.kafka.image";
    /** The broker release that matches the kafka-clients the services use. */
    static final String DEFAULT_IMAGE = "apache/kafka:4.2.1";

    static ContainerBroker start() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            // Asked for explicitly, so a missing Docker is a failure, never a silent fallback or skip.
            throw new IllegalStateException("-D" + SELECTOR_PROPERTY + "=testcontainers (the Maven profile "
                    + "-Ptestcontainers) needs a running Docker engine, and none was found. Start Docker, or run "
                    + "without -Ptestcontainers to use the embedded KRaft broker.");
        }
        KafkaContainer container = new KafkaContainer(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE));
        container.start();
        return new ContainerBroker(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stop() {
        container.stop();
    }
}
