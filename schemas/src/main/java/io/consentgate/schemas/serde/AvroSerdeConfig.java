package io.consentgate.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde's own configuration keys, for Kafka clients that instantiate it by class name. The registry is
 * configured with the Confluent keys of {@link SchemaRegistrySettings#fromConfigs}.
 */
public final class AvroSerdeConfig {

    /** The generated Avro class of the records, e.g. {@code io.consentgate.avro.ContactEvent}. */
    public static final String TYPE = "consentgate.avro.type";

    /** Whether the serializer registers its schema (true, the default) or only looks its id up. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    @SuppressWarnings("unchecked")
    static <T extends SpecificRecord> Class<T> type(Map<String, ?> configs) {
        Object value = configs.get(TYPE);
        try {
            Class<?> type = value instanceof Class<?> c ? c
                    : Class.forName(String.valueOf(value), true, Thread.currentThread().getContextClassLoader());
            if (SpecificRecord.class.isAssignableFrom(type)) {
                return (Class<T>) type;
            }
        } catch (ClassNotFoundException e) {
            // reported below, with what to set
        }
        throw new ConfigException(TYPE, value, "set it to a generated Avro class, e.g. io.consentgate.avro.ContactEvent");
    }

    static boolean autoRegisterSchemas(Map<String, ?> configs) {
        Object value = configs.get(AUTO_REGISTER_SCHEMAS);
        return value == null || Boolean.parseBoolean(value.toString().trim());
    }

    private AvroSerdeConfig() {
    }
}
