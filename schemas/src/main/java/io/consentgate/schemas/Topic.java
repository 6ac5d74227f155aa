package io.consentgate.schemas;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of the contract: its name, how its key is formed, its value type and how the
 * broker keeps it. Serdes are made from a topic (see {@code serde.AvroSerde}) so that no code
 * spells a topic name or picks a serde by hand.
 *
 * @param name        the topic name
 * @param key         how the record key is formed
 * @param valueType   the Avro class of the value; its subject is {@code <name>-value}
 * @param retention   DELETE (a log of facts or decisions) or COMPACT (latest value per key)
 */
public record Topic<V extends SpecificRecord>(String name, KeyFormat key, Class<V> valueType, Retention retention) {

    public enum KeyFormat {
        /** {@code businessId|contact} as UTF-8: see {@link ContactKey}. */
        CONTACT,
        /** the businessId as UTF-8. */
        BUSINESS
    }

    public enum Retention {
        DELETE, COMPACT;

        /** Topic configs the broker needs for this retention. */
        public Map<String, String> topicConfigs() {
            return this == COMPACT ? Map.of("cleanup.policy", "compact") : Map.of("cleanup.policy", "delete");
        }
    }

    /** The schema-registry subject of the value (Confluent TopicNameStrategy). */
    public String valueSubject() {
        return name + "-value";
    }

    /** Where records that cannot be read are parked, with the reason in headers. */
    public String deadLetterTopic() {
        return name + "-dlt";
    }
}
