package io.consentgate.support;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serdes of the contract's topics, one per topic, all sharing one registry client (and so
 * one schema cache). Keys are plain UTF-8 strings on every topic.
 */
public final class ContractSerdes {

    private final SchemaRegistryClient registry;
    private final Map<Topic<?>, AvroSerde<?>> valueSerdes = new ConcurrentHashMap<>();

    public ContractSerdes(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    public Serde<String> key() {
        return Serdes.String();
    }

    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> value(Topic<V> topic) {
        return (Serde<V>) valueSerdes.computeIfAbsent(topic, t -> AvroSerde.forTopic(topic, registry));
    }

    public SchemaRegistryClient registry() {
        return registry;
    }
}
