package io.consentgate.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

    private static final String OUTBOUND = Topics.OUTBOUND_REQUESTS.name();
    private static final Schema SEND_REQUEST = SendRequest.getClassSchema();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    static Stream<Arguments> everyTopicValue() {
        return SampleRecords.byTopic().entrySet().stream().flatMap(samples -> samples.getValue().stream()
                .map(record -> Arguments.of(samples.getKey().name(), samples.getKey(), record)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("everyTopicValue")
    void shouldRoundTripEveryTopicValue(String topicName, Topic<?> topic, SpecificRecord record) {
        // Given
        AvroSerde<SpecificRecord> serde = serdeOf(topic);

        // When
        byte[] bytes = serde.serializer().serialize(topicName, record);
        SpecificRecord read = serde.deserializer().deserialize(topicName, bytes);

        // Then (field by field: Avro's equals throws on a nullable timestamp inside an array, e.g. ContactState.senders)
        assertThat(read).usingRecursiveComparison().isEqualTo(record);
    }

    @Test
    void shouldHaveSamplesOfEveryTopicAndEveryPayloadVariant() {
        // Given
        Map<Topic<?>, List<? extends SpecificRecord>> samples = SampleRecords.byTopic();

        // Then
        assertThat(samples.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
        assertThat(payloadTypes(samples.get(Topics.CONTACT_EVENTS))).isEqualTo(unionBranches(ContactEvent.getClassSchema()));
        assertThat(payloadTypes(samples.get(Topics.BUSINESS_EVENTS))).isEqualTo(unionBranches(BusinessEvent.getClassSchema()));
    }

    @Test
    void shouldWriteMagicByteThenSchemaIdThenPlainAvroBinary() throws IOException {
        // Given a registry that already holds another schema, so the id is 2, not 1 by chance
        registry.register("contact-events-value", ContactEvent.getClassSchema());
        var serde = AvroSerde.forTopic(Topics.OUTBOUND_REQUESTS, registry);
        SendRequest request = SampleRecords.templateRequest();

        // When
        byte[] bytes = serde.serializer().serialize(OUTBOUND, request);

        // Then
        assertThat(registry.idOf("outbound-requests-value", SEND_REQUEST)).isEqualTo(2);
        assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 2);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(request));
    }

    @Test
    void shouldWriteAndReadNullAsATombstone() {
        // Given
        var serde = AvroSerde.forTopic(Topics.CONSENT_STATE, registry);

        // When / Then
        assertThat(serde.serializer().serialize(Topics.CONSENT_STATE.name(), null)).isNull();
        assertThat(serde.deserializer().deserialize(Topics.CONSENT_STATE.name(), null)).isNull();
    }

    @Test
    void shouldRegisterTheSchemaOncePerTopic() {
        // Given
        var counting = new CountingRegistry(registry);
        var serializer = new AvroSerializer<>(SendRequest.class, counting);

        // When
        serializer.serialize(OUTBOUND, SampleRecords.templateRequest());
        serializer.serialize(OUTBOUND, SampleRecords.freeFormRequest());
        serializer.serialize(Topics.OUTBOUND_REQUESTS.deadLetterTopic(), SampleRecords.templateRequest());

        // Then
        assertThat(counting.registrations).containsExactly("outbound-requests-value", "outbound-requests-dlt-value");
    }

    @Test
    void shouldOnlyLookTheIdUpWhenAutoRegisterIsOff() {
        // Given
        var serializer = new AvroSerializer<>(SendRequest.class, registry);
        serializer.configure(Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

        // When / Then
        assertThatThrownBy(() -> serializer.serialize(OUTBOUND, SampleRecords.templateRequest()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject 'outbound-requests-value'");

        // Given the deploy pipeline registered it
        int id = registry.register("outbound-requests-value", SEND_REQUEST);

        // When / Then
        assertThat(serializer.serialize(OUTBOUND, SampleRecords.templateRequest())).startsWith(0, 0, 0, 0, id);
    }

    @Test
    void shouldUseTheKeySubjectForKeys() {
        // Given
        var serializer = new AvroSerializer<>(SendRequest.class, registry);
        serializer.configure(Map.of(), true);

        // When
        serializer.serialize(OUTBOUND, SampleRecords.templateRequest());

        // Then
        assertThat(registry.idOf("outbound-requests-key", SEND_REQUEST)).isEqualTo(1);
    }

    @Test
    void shouldBeConfigurableByClassNameAsKafkaDoes() {
        try (var fakeRegistry = FakeRegistry.start(); var serde = new AvroSerde<SendRequest>()) {
            // Given
            fakeRegistry.answer(200, "{\"id\":12}");
            serde.configure(Map.of(
                    SchemaRegistrySettings.URL_CONFIG, fakeRegistry.url().toString(),
                    AvroSerdeConfig.TYPE, SendRequest.class.getName()), false);

            // When
            byte[] bytes = serde.serializer().serialize(OUTBOUND, SampleRecords.templateRequest());
            SendRequest read = serde.deserializer().deserialize(OUTBOUND, bytes);

            // Then
            assertThat(read).isEqualTo(SampleRecords.templateRequest());
            assertThat(bytes).startsWith(0, 0, 0, 0, 12);
            assertThat(fakeRegistry.requests()).extracting(FakeRegistry.Request::path)
                    .containsExactly(FakeRegistry.BASE_PATH + "/subjects/outbound-requests-value/versions");
        }
    }

    @Test
    void shouldSayWhichTypeToConfigure() {
        assertThatThrownBy(() -> new AvroSerde<>().configure(Map.of(SchemaRegistrySettings.URL_CONFIG,
                "http://127.0.0.1:8081", AvroSerdeConfig.TYPE, "io.consentgate.avro.NoSuchRecord"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("consentgate.avro.type")
                .hasMessageContaining("NoSuchRecord");
    }

    @Test
    void shouldServeManyThreadsAtOnce() throws Exception {
        // Given one serde shared by threads, as Kafka Streams shares it between stream threads
        var serde = AvroSerde.forTopic(Topics.OUTBOUND_REQUESTS, registry);
        Callable<Void> roundTrips = () -> {
            for (int i = 0; i < 2_000; i++) {
                SendRequest request = SendRequest.newBuilder(SampleRecords.templateRequest())
                        .setRequestId(Thread.currentThread().getName() + "-" + i).build();
                assertThat(serde.deserializer().deserialize(OUTBOUND, serde.serializer().serialize(OUTBOUND, request)))
                        .isEqualTo(request);
            }
            return null;
        };

        // When
        List<Future<Void>> results;
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            results = threads.invokeAll(IntStream.range(0, 4).mapToObj(i -> roundTrips).toList());
        }

        // Then
        for (Future<Void> result : results) {
            result.get();
        }
    }

    @SuppressWarnings("unchecked")
    private AvroSerde<SpecificRecord> serdeOf(Topic<?> topic) {
        return (AvroSerde<SpecificRecord>) (AvroSerde<?>) AvroSerde.forTopic(topic, registry);
    }

    private static Set<String> payloadTypes(List<? extends SpecificRecord> events) {
        return events.stream().map(event -> event.get(event.getSchema().getField("payload").pos()).getClass().getName())
                .collect(toSet());
    }

    private static Set<String> unionBranches(Schema event) {
        return event.getField("payload").schema().getTypes().stream().map(Schema::getFullName).collect(toSet());
    }

    private static byte[] avroBinary(SendRequest request) throws IOException {
        var out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(SendRequest.class).write(request, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Counts registrations, to show the serializer caches the id. */
    private static final class CountingRegistry implements SchemaRegistryClient {
        private final SchemaRegistryClient delegate;
        private final List<String> registrations = new CopyOnWriteArrayList<>();

        CountingRegistry(SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        @Override
        public int register(String subject, Schema schema) {
            registrations.add(subject);
            return delegate.register(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            return delegate.schemaById(id);
        }

        @Override
        public int idOf(String subject, Schema schema) {
            return delegate.idOf(subject, schema);
        }

        @Override
        public void setCompatibility(String subjectOrNullForGlobal, String level) {
            delegate.setCompatibility(subjectOrNullForGlobal, level);
        }
    }
}
