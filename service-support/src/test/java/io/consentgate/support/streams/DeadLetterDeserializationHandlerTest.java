package io.consentgate.support.streams;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.serde.AvroDeserializer;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.support.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The two cases the poison-records fault scenario found killing a service's streams. */
class DeadLetterDeserializationHandlerTest {

    private static final byte[] KEY = "faults-retail".getBytes(StandardCharsets.UTF_8);
    /** The wire format, with a schema id no registry gave out, then a body. */
    private static final byte[] UNKNOWN_SCHEMA_ID = {0x00, 0x7f, 0x00, 0x00, 0x01, 0x02, 0x04, 0x06};
    private static final byte[] GARBAGE = {0x7b, 0x22, 0x01};

    @Test
    void shouldParkARecordWhoseSchemaIdTheRegistryDoesNotKnowInsteadOfStoppingTheStream() {
        // Before: a SerializationException caused by SchemaRegistryException(UNKNOWN_SCHEMA) was taken for an outage (FAIL).
        Exception unknownId = deserializationFailure(UNKNOWN_SCHEMA_ID);
        DeadLetterDeserializationHandler handler = handler(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));

        var response = handler.handleError(context(new TaskId(0, 1)), record("approved-sends", UNKNOWN_SCHEMA_ID), unknownId);

        assertThat(DeadLetterDeserializationHandler.isRegistryOutage(unknownId)).isFalse();
        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("approved-sends-dlt");
            assertThat(dead.value()).isEqualTo(UNKNOWN_SCHEMA_ID);
            assertThat(header(dead.headers(), DeadLetters.REASON_HEADER)).contains("unknown schema id");
        });
    }

    @Test
    void shouldWriteAGlobalStoresDeadLetterItselfSinceKafkaStreamsCannotThere() {
        // Before: the dead letter was handed back to a global thread, whose context is no RecordCollector.Supplier:
        // ClassCastException, global thread dead, the gate's streams in ERROR.
        var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        DeadLetterDeserializationHandler handler = handler(producer);

        var response = handler.handleError(context(new TaskId(-1, -1)), record("business-events", GARBAGE),
                new SerializationException("first byte is 0x7b, expected 0x00"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(producer.history()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("business-events-dlt");
            assertThat(dead.key()).isEqualTo(KEY);
            assertThat(dead.value()).isEqualTo(GARBAGE);
            assertThat(header(dead.headers(), DeadLetters.TOPIC_HEADER)).isEqualTo("business-events");
            assertThat(header(dead.headers(), DeadLetters.OFFSET_HEADER)).isEqualTo("7");
            assertThat(header(dead.headers(), DeadLetters.SERVICE_HEADER)).isEqualTo("send-gate");
        });
    }

    @Test
    void shouldStopTheGlobalStreamRatherThanLoseARecordWhoseDeadLetterCannotBeWritten() {
        var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.sendException = new KafkaException("broker unreachable");
        DeadLetterDeserializationHandler handler = handler(producer);

        var response = handler.handleError(context(new TaskId(-1, -1)), record("business-events", GARBAGE),
                new SerializationException("first byte is 0x7b, expected 0x00"));

        assertThat(response.result()).isEqualTo(Result.FAIL);
    }

    @Test
    void shouldLogWhereAndWhatKindButNeverTheExceptionsMessage() {
        // Before: the warning quoted exception.getMessage(), and a deserializer's message may quote the record's content.
        Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.WARN); // off for the other tests (logback-test.xml), which feed it unreadable records on purpose
        logger.setAdditive(false);
        try {
            // Given a failure whose message and cause quote a phone number
            Exception failure = new SerializationException("cannot read contact +34612345678",
                    new IllegalArgumentException("+34612345678 is not canonical"));

            // When
            handler(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()))
                    .handleError(context(new TaskId(0, 1)), record("contact-events", GARBAGE), failure);

            // Then
            assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("contact-events-0@7", "SerializationException <- IllegalArgumentException", "contact-events-dlt")
                    .doesNotContain("612345678");
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(Level.OFF);
            logger.setAdditive(true);
        }
    }

    private static DeadLetterDeserializationHandler handler(MockProducer<byte[], byte[]> producer) {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler(configs -> producer);
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, "send-gate", StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"));
        return handler;
    }

    private static Exception deserializationFailure(byte[] value) {
        try (var deserializer = new AvroDeserializer<>(ContactEvent.class, new InMemorySchemaRegistryClient())) {
            deserializer.deserialize("approved-sends", value);
            throw new AssertionError("schema id 0x7f000001 is unknown to an empty registry");
        } catch (SerializationException e) {
            return e;
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, 7L, 0L, TimestampType.CREATE_TIME, KEY.length, value.length, KEY, value,
                new RecordHeaders(), Optional.empty());
    }

    private static ErrorHandlerContext context(TaskId task) {
        return new ErrorHandlerContext() {
            public String topic() { return "t"; }
            public int partition() { return 0; }
            public long offset() { return 7L; }
            public Headers headers() { return new RecordHeaders(); }
            public String processorNodeId() { return "source"; }
            public TaskId taskId() { return task; }
            public long timestamp() { return 0L; }
            public byte[] sourceRawKey() { return KEY; }
            public byte[] sourceRawValue() { return GARBAGE; }
        };
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
