package io.consentgate.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroDeserializerTest {

    private static final String OUTBOUND = Topics.OUTBOUND_REQUESTS.name();
    private static final String SUBJECT = Topics.OUTBOUND_REQUESTS.valueSubject();
    private static final Schema CURRENT = SendRequest.getClassSchema();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final AvroSerde<SendRequest> serde = AvroSerde.forTopic(Topics.OUTBOUND_REQUESTS, registry);

    @Test
    void shouldReadARecordWrittenWithAnOlderSchema() throws IOException {
        // Given a producer still on the schema before consentTopic and payload were added (both default to null)
        Schema older = withFields(CURRENT, fields -> fields.stream()
                .filter(field -> !field.name().equals("consentTopic") && !field.name().equals("payload")).toList());
        int olderId = registry.register(SUBJECT, older);
        GenericRecord written = requestWith(older);

        // When
        SendRequest read = serde.deserializer().deserialize(OUTBOUND, wireFormat(olderId, older, written));

        // Then
        assertThat(read.getRequestId()).isEqualTo("req-7");
        assertThat(read.getKind()).isEqualTo(MessageKind.FREE_FORM);
        assertThat(read.getRequestedAt()).isEqualTo(SampleRecords.OCCURRED);
        assertThat(read.getConsentTopic()).isNull();
        assertThat(read.getPayload()).isNull();
    }

    @Test
    void shouldRefuseARecordThatClaimsAStringLongerThanAnyRecordCouldHold() {
        // Given 26 bytes: the wire header with the topic's own schema id, then a first string (requestId) said to be 1.5 GB
        int schemaId = registry.register(SUBJECT, CURRENT);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(0);
        bomb.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(schemaId).array());
        long length = 1_500_000_000L;
        for (long zigzag = length << 1; ; zigzag >>>= 7) {
            if ((zigzag & ~0x7FL) == 0) {
                bomb.write((int) zigzag);
                break;
            }
            bomb.write((int) ((zigzag & 0x7F) | 0x80));
        }
        bomb.writeBytes("req-7 and then nothing".getBytes(StandardCharsets.UTF_8));

        // When / Then: an ordinary unreadable record (dead-lettered by the services), not 1.5 GB of heap taken
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, bomb.toByteArray()))
                .isInstanceOf(SerializationException.class)
                .rootCause().hasMessageContaining("exceeds maximum allowed");
    }

    @Test
    void shouldRefuseARecordOfAnotherTypeThoughAvroCouldResolveItIntoThisOne() {
        // Given a contact event (an opt-in) written, with its own schema, to business-events: field by field it resolves into
        // a business event, and its opt-in into a payload branch whose fields all had defaults
        InMemorySchemaRegistryClient shared = new InMemorySchemaRegistryClient();
        byte[] contactEvent = AvroSerde.forTopic(Topics.CONTACT_EVENTS, shared).serializer()
                .serialize(Topics.CONTACT_EVENTS.name(), SampleRecords.contactEvent(SampleRecords.optIn()));

        // When / Then: unreadable (so dead-lettered by the services), naming the type it was written as
        assertThatThrownBy(() -> AvroSerde.forTopic(Topics.BUSINESS_EVENTS, shared).deserializer()
                .deserialize(Topics.BUSINESS_EVENTS.name(), contactEvent))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("of type io.consentgate.avro.ContactEvent, not io.consentgate.avro.BusinessEvent");
    }

    @Test
    void shouldReadARecordWrittenWithANewerSchema() throws IOException {
        // Given a producer already on a schema with one more field and one more message kind
        Schema newerKind = Schema.createEnum("MessageKind", null, "io.consentgate.avro",
                List.of("FREE_FORM", "TEMPLATE", "UNKNOWN", "REACTION"), "UNKNOWN");
        Schema newer = withFields(CURRENT, fields -> {
            List<Schema.Field> changed = new ArrayList<>(fields.stream()
                    .map(field -> field.name().equals("kind") ? new Schema.Field(field, newerKind) : field).toList());
            changed.add(new Schema.Field("priority", Schema.create(Schema.Type.INT), null, 0));
            return changed;
        });
        int newerId = registry.register(SUBJECT, newer);
        GenericRecord written = requestWith(newer);
        written.put("kind", new GenericData.EnumSymbol(newerKind, "REACTION"));
        written.put("priority", 5);

        // When
        SendRequest read = serde.deserializer().deserialize(OUTBOUND, wireFormat(newerId, newer, written));

        // Then the unknown symbol reads as the enum's default, and the extra field is skipped
        assertThat(read.getRequestId()).isEqualTo("req-7");
        assertThat(read.getKind()).isEqualTo(MessageKind.UNKNOWN);
    }

    @Test
    void shouldRefuseARecordNotInTheWireFormat() {
        // Given JSON where Avro was expected
        byte[] json = "{\"requestId\":\"req-7\"}".getBytes(StandardCharsets.UTF_8);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("record on topic outbound-requests is not in the Confluent wire format: "
                        + "first byte is 0x7b, expected 0x00");
    }

    @Test
    void shouldRefuseARecordShorterThanTheHeader() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageEndingWith("only 3 bytes, shorter than the 5-byte header");
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageEndingWith("it is empty");
    }

    @ParameterizedTest(name = "{0} bytes cut off")
    @ValueSource(ints = {1, 8, 30, 60})
    void shouldRefuseATruncatedBody(int bytesCutOff) {
        // Given
        byte[] whole = serde.serializer().serialize(OUTBOUND, SampleRecords.templateRequest());
        byte[] truncated = Arrays.copyOf(whole, whole.length - bytesCutOff);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessage("truncated Avro body for schema id 1 on topic outbound-requests");
    }

    @Test
    void shouldRefuseBytesLeftAfterTheBody() {
        // Given
        byte[] whole = serde.serializer().serialize(OUTBOUND, SampleRecords.templateRequest());
        byte[] padded = Arrays.copyOf(whole, whole.length + 3);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("bytes left after its Avro body for schema id 1");
    }

    @Test
    void shouldRefuseAnUnknownSchemaId() {
        // Given
        byte[] record = {0, 0, 0, 0, 99, 2, 'x'};

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, record))
                .isInstanceOf(SerializationException.class)
                .hasMessage("unknown schema id 99 in a record on topic outbound-requests");
    }

    @Test
    void shouldRefuseAWriterSchemaTheClassCannotRead() throws IOException {
        // Given a schema that lacks requestId, which has no default
        Schema withoutRequestId = withFields(CURRENT, fields -> fields.stream()
                .filter(field -> !field.name().equals("requestId")).toList());
        int id = registry.register(SUBJECT, withoutRequestId);
        GenericRecord written = requestWith(withoutRequestId);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize(OUTBOUND, wireFormat(id, withoutRequestId, written)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot read the record on topic outbound-requests with schema id " + id
                        + " as io.consentgate.avro.SendRequest")
                .hasMessageContaining("requestId");
    }

    @Test
    void shouldLetARegistryOutageThroughSoTheRecordIsRetriedNotDeadLettered() {
        // Given
        var unreachable = new RestSchemaRegistryClient(new SchemaRegistrySettings(FakeRegistry.unreachableUrl(),
                null, null, Duration.ofSeconds(1), 1, Duration.ZERO));
        var deserializer = new AvroDeserializer<>(SendRequest.class, unreachable);
        byte[] record = serde.serializer().serialize(OUTBOUND, SampleRecords.templateRequest());

        // When / Then
        assertThatThrownBy(() -> deserializer.deserialize(OUTBOUND, record))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry unreachable");
    }

    /** A copy of the record schema {@code record} with its fields changed. */
    private static Schema withFields(Schema record, UnaryOperator<List<Schema.Field>> change) {
        List<Schema.Field> fields = record.getFields().stream().map(field -> new Schema.Field(field, field.schema())).toList();
        return Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, change.apply(fields));
    }

    /** A free-form request in {@code schema}, every field it has set. */
    private static GenericRecord requestWith(Schema schema) {
        var record = new GenericData.Record(schema);
        schema.getFields().forEach(field -> record.put(field.pos(), field.hasDefaultValue() ? GenericData.get().getDefaultValue(field) : null));
        put(record, "requestId", "req-7");
        put(record, "businessId", SampleRecords.BUSINESS);
        put(record, "senderId", SampleRecords.SENDER);
        put(record, "contact", SampleRecords.CONTACT);
        put(record, "requestedAt", SampleRecords.OCCURRED.toEpochMilli());
        put(record, "kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "FREE_FORM"));
        return record;
    }

    private static void put(GenericRecord record, String field, Object value) {
        if (record.getSchema().getField(field) != null) {
            record.put(field, value);
        }
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws IOException {
        var out = new ByteArrayOutputStream();
        WireFormat.writeHeader(out, schemaId);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
