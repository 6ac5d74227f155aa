package io.consentgate.testing;

/**
 * The Kafka that {@link SharedKafka} hands out: the embedded KRaft broker, or with
 * {@code -Dconsentgate.kafka=testcontainers} the official Apache Kafka image in Docker.
 */
sealed interface SharedBroker permits EmbeddedBroker, ContainerBroker {

    String SELECTOR_PROPERTY = "consentgate.kafka";

    String bootstrapServers();

    void stop();

    static SharedBroker start() {
        String selected = System.getProperty(SELECTOR_PROPERTY, "embedded");
        return switch (selected) {
            case "embedded" -> EmbeddedBroker.start();
            case "testcontainers" -> ContainerBroker.start();
            default -> throw new IllegalStateException(
                    "-D" + SELECTOR_PROPERTY + "=" + selected + " is not a Kafka the harness knows: use embedded (the default) or testcontainers");
        };
    }
}
