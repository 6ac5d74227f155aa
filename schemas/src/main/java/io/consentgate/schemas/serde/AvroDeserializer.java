package io.consentgate.schemas.serde;

import static io.consentgate.schemas.serde.WireFormat.HEADER_LENGTH;
import static io.consentgate.schemas.serde.WireFormat.MAGIC_BYTE;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code T} from the Confluent wire format, resolving the writer's schema (fetched by the id in the record)
 * against the class's own, so that records written with an earlier or later compatible schema read fine.
 *
 * <p>A record that cannot be read (not the wire format, truncated, an id the registry does not know, a body that
 * does not match its schema) throws Kafka's {@link SerializationException}, for the caller to dead-letter. A
 * registry that is down or refuses the credentials throws {@link SchemaRegistryException}: the record is fine,
 * so it must be retried, not parked. A null value (a tombstone) reads as null. Thread-safe.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        // A record is at most a few MB (the broker's message.max.bytes), so no string, bytes or collection in it can be
        // longer. Avro's own limits (~2 GB) let a 26-byte record claim a 1.5 GB string: the allocation takes the heap
        // and an OutOfMemoryError kills the stream thread instead of dead-lettering the record. Avro reads these once,
        // at its first decode, which in our services is this class's; an operator's own -D setting wins.
        limitIfUnset("org.apache.avro.limits.string.maxLength", 16 * 1024 * 1024);
        limitIfUnset("org.apache.avro.limits.bytes.maxLength", 16 * 1024 * 1024);
        limitIfUnset("org.apache.avro.limits.collectionItems.maxLength", 1_000_000);
    }

    /** The decoder of each thread, re-aimed at each record. */
    private static final ThreadLocal<BinaryDecoder> DECODER =
            ThreadLocal.withInitial(() -> DecoderFactory.get().binaryDecoder(new byte[0], null));

    private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();
    private SchemaRegistryClient registry;
    private RestSchemaRegistryClient ownRegistry;
    private Class<T> type;
    private SpecificData model;
    private Schema readerSchema;

    /** For Kafka, which instantiates deserializers by class name; {@link #configure} then names the type and registry. */
    public AvroDeserializer() {
    }

    public AvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        use(type, registry);
    }

    /** Without a registry yet, reads the type and the registry from the configs. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            Class<T> type = AvroSerdeConfig.type(configs);
            ownRegistry = new RestSchemaRegistryClient(SchemaRegistrySettings.fromConfigs(configs));
            use(type, ownRegistry);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        String headerProblem = headerProblem(data);
        if (headerProblem != null) {
            throw new SerializationException(
                    "record on topic " + topic + " is not in the Confluent wire format: " + headerProblem);
        }
        int schemaId = WireFormat.schemaId(data);
        DatumReader<T> reader = readersBySchemaId.get(schemaId);
        if (reader == null) {
            reader = readerFor(schemaId, topic);
            readersBySchemaId.putIfAbsent(schemaId, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, HEADER_LENGTH, data.length - HEADER_LENGTH, DECODER.get());
        T record;
        boolean bytesLeft;
        try {
            record = reader.read(null, decoder);
            bytesLeft = !decoder.isEnd();
        } catch (EOFException e) {
            throw new SerializationException("truncated Avro body for schema id " + schemaId + " on topic " + topic, e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot read the record on topic " + topic + " with schema id "
                    + schemaId + " as " + type.getName() + ": " + e, e);
        }
        if (bytesLeft) {
            throw new SerializationException("the record on topic " + topic + " has bytes left after its Avro body"
                    + " for schema id " + schemaId + ": it was not written with that schema");
        }
        return record;
    }

    @Override
    public void close() {
        if (ownRegistry != null) {
            ownRegistry.close();
        }
    }

    private void use(Class<T> type, SchemaRegistryClient registry) {
        this.registry = registry;
        this.type = type;
        // The class's own model carries its logical-type conversions (timestamps as Instant).
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    /** What is wrong with the record's header, or null when nothing is. */
    private static String headerProblem(byte[] data) {
        if (data.length == 0) {
            return "it is empty";
        }
        if (data[0] != MAGIC_BYTE) {
            return "first byte is 0x%02x, expected 0x00".formatted(data[0]);
        }
        if (data.length < HEADER_LENGTH) {
            return "only " + data.length + " bytes, shorter than the 5-byte header";
        }
        return null;
    }

    private DatumReader<T> readerFor(int schemaId, String topic) {
        try {
            Schema writerSchema = registry.schemaById(schemaId);
            // Avro resolves a record of another type field by field, and places a union branch it has no name for in any
            // reader branch it fits (all of whose fields have defaults fits anything): a contact event would read as a
            // business event with a made-up payload. A record is read only as the type it was written as.
            if (!readerSchema.getFullName().equals(writerSchema.getFullName())) {
                throw new SerializationException("the record on topic " + topic + " has schema id " + schemaId + " of type "
                        + writerSchema.getFullName() + ", not " + readerSchema.getFullName() + ": it was written to the wrong topic");
            }
            return new SpecificDatumReader<>(writerSchema, readerSchema, model);
        } catch (SchemaRegistryException e) {
            if (e.reason() == SchemaRegistryException.Reason.UNKNOWN_SCHEMA) {
                throw new SerializationException("unknown schema id " + schemaId + " in a record on topic " + topic, e);
            }
            throw e;
        }
    }

    private static void limitIfUnset(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
