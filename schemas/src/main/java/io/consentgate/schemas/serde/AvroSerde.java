package io.consentgate.schemas.serde;

import io.consentgate.schemas.Topic;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Confluent-wire-format Avro serde of one generated class: {@link AvroSerializer} and {@link AvroDeserializer}
 * over one registry client. Make it from a topic of the contract with {@link #forTopic}; Kafka can also
 * instantiate it by class name and {@link #configure} it (see {@link AvroSerdeConfig}).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;
    private RestSchemaRegistryClient ownRegistry;

    /** For Kafka, which instantiates serdes by class name; {@link #configure} then names the type and registry. */
    public AvroSerde() {
    }

    public AvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.serializer = new AvroSerializer<>(type, registry);
        this.deserializer = new AvroDeserializer<>(type, registry);
    }

    /** The serde of the topic's values. */
    public static <T extends SpecificRecord> AvroSerde<T> forTopic(Topic<T> topic, SchemaRegistryClient registry) {
        return new AvroSerde<>(topic.valueType(), registry);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (serializer == null) {
            Class<T> type = AvroSerdeConfig.type(configs);
            ownRegistry = new RestSchemaRegistryClient(SchemaRegistrySettings.fromConfigs(configs));
            serializer = new AvroSerializer<>(type, ownRegistry);
            deserializer = new AvroDeserializer<>(type, ownRegistry);
        }
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        if (ownRegistry != null) {
            ownRegistry.close();
        }
    }
}
