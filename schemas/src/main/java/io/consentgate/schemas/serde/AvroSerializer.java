package io.consentgate.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes {@code T} in the Confluent wire format, registering the class's schema under {@code <topic>-value}
 * ({@code <topic>-key} for keys) on the first record of each topic. A registry failure throws
 * {@link SchemaRegistryException}, e.g. {@code INCOMPATIBLE} when the class's schema breaks the subject's rule.
 * Thread-safe: a producer, or a serde in a Kafka Streams topology, shares one instance between threads.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** The output buffer and encoder of each thread, reused from record to record. */
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    private final Map<String, Integer> schemaIdsByTopic = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private RestSchemaRegistryClient ownRegistry;
    private Schema schema;
    private DatumWriter<T> writer;
    private boolean isKey;
    private boolean autoRegister = true;

    /** For Kafka, which instantiates serializers by class name; {@link #configure} then names the type and registry. */
    public AvroSerializer() {
    }

    public AvroSerializer(Class<T> type, SchemaRegistryClient registry) {
        use(type, registry);
    }

    /** Reads {@value AvroSerdeConfig#AUTO_REGISTER_SCHEMAS}; without a registry yet, also the type and the registry. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.autoRegister = AvroSerdeConfig.autoRegisterSchemas(configs);
        if (registry == null) {
            Class<T> type = AvroSerdeConfig.type(configs);
            ownRegistry = new RestSchemaRegistryClient(SchemaRegistrySettings.fromConfigs(configs));
            use(type, ownRegistry);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Integer schemaId = schemaIdsByTopic.get(topic);
        if (schemaId == null) {
            schemaId = schemaId(topic);
            schemaIdsByTopic.putIfAbsent(topic, schemaId);
        }
        try {
            return OUTPUT.get().write(schemaId, record, writer);
        } catch (IOException | RuntimeException e) {
            OUTPUT.remove(); // the encoder may hold part of the failed record
            throw new SerializationException("cannot write " + record.getClass().getName() + " to topic " + topic
                    + " with schema id " + schemaId + ": " + e, e);
        }
    }

    @Override
    public void close() {
        if (ownRegistry != null) {
            ownRegistry.close();
        }
    }

    private void use(Class<T> type, SchemaRegistryClient registry) {
        SpecificData model = SpecificData.getForClass(type);
        this.registry = registry;
        this.schema = model.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, model);
    }

    private int schemaId(String topic) {
        String subject = topic + (isKey ? "-key" : "-value");
        return autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
    }

    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        private BinaryEncoder encoder;

        <T> byte[] write(int schemaId, T record, DatumWriter<T> writer) throws IOException {
            bytes.reset();
            WireFormat.writeHeader(bytes, schemaId);
            encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
            writer.write(record, encoder);
            encoder.flush();
            return bytes.toByteArray();
        }
    }
}
