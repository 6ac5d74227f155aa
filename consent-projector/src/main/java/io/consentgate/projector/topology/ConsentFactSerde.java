package io.consentgate.projector.topology;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the history store. The store is the projector's own (no other reader, no schema to
 * register), and JSON keeps its changelog readable for an auditor with plain Kafka tools.
 */
public final class ConsentFactSerde implements Serde<ConsentFact> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Serializer<ConsentFact> serializer() {
        return (topic, fact) -> {
            if (fact == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(fact);
            } catch (JacksonException e) {
                throw new SerializationException("cannot write consent fact " + fact.eventId() + " as JSON: " + e.getMessage(), e);
            }
        };
    }

    @Override
    public Deserializer<ConsentFact> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, ConsentFact.class);
            } catch (JacksonException e) {
                throw new SerializationException("cannot read a consent fact from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
