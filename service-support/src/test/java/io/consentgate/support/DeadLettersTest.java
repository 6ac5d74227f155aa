package io.consentgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryException;
import io.consentgate.schemas.serde.SchemaRegistrySettings;
import java.net.URI;
import java.time.Duration;
import io.consentgate.support.streams.DeadLetterDeserializationHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final byte[] KEY = "acme|+34612345678".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GARBAGE = {0x7b, 0x22, 0x01};

    @Test
    void shouldKeepTheOriginalBytesAndSayWhereTheRecordCameFromAndWhy() {
        var original = new RecordHeaders().add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> dead = DeadLetters.of("contact-events", 2, 41L, KEY, GARBAGE, original,
                new SerializationException("first byte is 0x7b, expected 0x00"), "send-gate");

        assertThat(dead.topic()).isEqualTo("contact-events-dlt");
        assertThat(dead.key()).isEqualTo(KEY);
        assertThat(dead.value()).isEqualTo(GARBAGE);
        assertThat(header(dead, "traceparent")).isEqualTo("00-abc-01");
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo("contact-events");
        assertThat(header(dead, DeadLetters.PARTITION_HEADER)).isEqualTo("2");
        assertThat(header(dead, DeadLetters.OFFSET_HEADER)).isEqualTo("41");
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("first byte is 0x7b, expected 0x00");
        assertThat(header(dead, DeadLetters.EXCEPTION_HEADER)).isEqualTo(SerializationException.class.getName());
        assertThat(header(dead, DeadLetters.SERVICE_HEADER)).isEqualTo("send-gate");
    }

    @Test
    void shouldCountEveryTopicAServiceReadsFromZero() {
        // Given a service that has dead-lettered nothing yet, and a registry like the service's behind the global one
        String service = "zero-test-" + UUID.randomUUID();
        SimpleMeterRegistry exported = new SimpleMeterRegistry();
        Metrics.addRegistry(exported);
        try {
            // When
            DeadLetters.countFromZero(service, List.of("contact-events", "outbound-requests"));

            // Then: a series at 0 per topic, the one a dead letter then increments
            assertThat(exported.find(DeadLetters.METRIC).tag("service", service).counters())
                    .extracting(counter -> counter.getId().getTag("topic") + "=" + counter.count())
                    .containsExactlyInAnyOrder("contact-events=0.0", "outbound-requests=0.0");
            DeadLetters.of("contact-events", 0, 1L, KEY, GARBAGE, null, new SerializationException("unreadable"), service);
            assertThat(exported.find(DeadLetters.METRIC).tags("service", service, "topic", "contact-events").counter().count()).isEqualTo(1.0);
        } finally {
            Metrics.removeRegistry(exported);
        }
    }

    @Test
    void shouldNameTheCausesAndBoundTheReason() {
        Exception reason = new SerializationException("x".repeat(5_000), new IllegalStateException("inner"));

        assertThat(DeadLetters.describe(new SerializationException("outer", new IllegalStateException("inner"))))
                .isEqualTo("outer <- inner");
        assertThat(DeadLetters.describe(reason)).hasSize(2_000);
    }

    @Test
    void shouldResumeAndDeadLetterAnUnreadableRecord() {
        DeadLetterDeserializationHandler handler = handlerOf("send-gate");

        var response = handler.handleError(null, record(), new SerializationException("truncated Avro body for schema id 3"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(dead -> {
            assertThat(dead.topic()).isEqualTo("outbound-requests-dlt");
            assertThat(dead.value()).isEqualTo(GARBAGE);
            assertThat(header(dead, DeadLetters.SERVICE_HEADER)).isEqualTo("send-gate");
        });
    }

    @Test
    void shouldFailRatherThanParkAGoodRecordWhenTheRegistryIsDown() {
        DeadLetterDeserializationHandler handler = handlerOf("send-gate");
        var outage = registryOutage();

        var response = handler.handleError(null, record(), outage);

        assertThat(response.result()).isEqualTo(Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static SchemaRegistryException registryOutage() {
        var settings = new SchemaRegistrySettings(URI.create("http://127.0.0.1:1"), null, null, Duration.ofSeconds(1), 1, Duration.ZERO);
        try (var unreachable = new RestSchemaRegistryClient(settings)) {
            unreachable.schemaById(1);
            throw new AssertionError("nothing listens on port 1");
        } catch (SchemaRegistryException e) {
            return e;
        }
    }

    private static DeadLetterDeserializationHandler handlerOf(String applicationId) {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(StreamsConfig.APPLICATION_ID_CONFIG, applicationId));
        return handler;
    }

    private static ConsumerRecord<byte[], byte[]> record() {
        return new ConsumerRecord<>("outbound-requests", 1, 7L, 0L, TimestampType.CREATE_TIME, KEY.length, GARBAGE.length,
                KEY, GARBAGE, new RecordHeaders(), Optional.empty());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
