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
 * @param retention   how long the broker keeps records
 */
public record Topic<V extends SpecificRecord>(String name, KeyFormat key, Class<V> valueType, Retention retention) {

    public enum KeyFormat {
        /** {@code businessId|contact} as UTF-8: see {@link ContactKey}. */
        CONTACT,
        /** the businessId as UTF-8. */
        BUSINESS
    }

    public enum Retention {
        /**
         * A log of facts or decisions, kept 30 days: long enough to replay or investigate, and a bound on how
         * long a record naming a person stays in Kafka after an erasure (the folded state is erased at once).
         */
        DELETE(Map.of("cleanup.policy", "delete", "retention.ms", "2592000000")),
        /**
         * The latest value per key; a null value (tombstone) deletes the key. Erasure relies on it: older
         * values of an erased key must really go, so compaction is forced within 7 days (segments roll
         * daily, since only closed segments are compacted) and the tombstone itself goes after a day.
         */
        COMPACT(Map.of("cleanup.policy", "compact", "max.compaction.lag.ms", "604800000", "segment.ms", "86400000",
                "delete.retention.ms", "86400000")),
        /**
         * Every record, forever: for a small log that readers fold from the start, where neither
         * expiry nor compaction (which keeps one record per key) may drop a fact still in force.
         */
        KEEP_ALL(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));

        private final Map<String, String> topicConfigs;

        Retention(Map<String, String> topicConfigs) {
            this.topicConfigs = topicConfigs;
        }

        /** Topic configs the broker needs for this retention. */
        public Map<String, String> topicConfigs() {
            return topicConfigs;
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
