package io.consentgate.gate.app;

import static io.consentgate.gate.Samples.inbound;
import static io.consentgate.gate.Samples.messagingLimit;
import static io.consentgate.gate.Samples.optIn;
import static io.consentgate.gate.Samples.optOut;
import static io.consentgate.gate.Samples.reply;
import static io.consentgate.gate.Samples.spanishMobile;
import static io.consentgate.gate.Samples.template;
import static io.consentgate.gate.Samples.templateStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.gate.topology.GateTopology;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.ToHomePartitions;
import io.consentgate.testing.LibrdkafkaProducer;
import io.consentgate.testing.SharedKafka;
import io.consentgate.testing.SharedRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A producer in another language with its client's default settings: librdkafka partitions by CRC32, so for the
 * contacts chosen here it puts every record on another partition than Java's murmur2 (where the gate keeps the
 * contact's state). On the real broker and registry, through the running gate: its decisions are those of a Java
 * producer's, a request id sent by both is one approval and one duplicate, the misrouted records are counted, and
 * what the extra hop costs is printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibrdkafkaProducerTest {

    private static final Logger log = LoggerFactory.getLogger(LibrdkafkaProducerTest.class);
    private static final Duration DECISIONS_ARRIVE = RunningGate.DECISIONS_ARRIVE;
    private static final String APPLICATION_ID = "send-gate-test-" + UUID.randomUUID();
    private static final int PARTITIONS = SharedKafka.partitions();
    private static final long PAUSE_MILLIS = 5;
    private static Producer<String, ContactEvent> javaContactEvents;
    private static Producer<String, SendRequest> javaRequests;

    @Autowired
    private GateStreams streams;

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void kafkaAndRegistry(DynamicPropertyRegistry registry) {
        RunningGate.properties(registry, APPLICATION_ID);
    }

    @BeforeAll
    static void producers() {
        Assumptions.assumeTrue(LibrdkafkaProducer.available(), LibrdkafkaProducer.MISSING);
        javaContactEvents = SharedKafka.producer(Topics.CONTACT_EVENTS);
        javaRequests = SharedKafka.producer(Topics.OUTBOUND_REQUESTS);
    }

    @AfterAll
    static void closeProducers() {
        if (javaContactEvents != null) {
            javaContactEvents.close();
            javaRequests.close();
        }
    }

    @BeforeEach
    void gateIsRunning() {
        RunningGate.awaitRunning(streams);
    }

    @Test
    @Order(1)
    void shouldCountNothingForAJavaProducer() throws Exception {
        // Given
        String business = RunningGate.business();
        ContactKey contact = new ContactKey(business, spanishMobile(0));
        javaContactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), inbound(contact, Instant.now()))).get();

        // When
        javaRequests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-java", Instant.now()))).get();

        // Then
        assertThat(Decisions.of(business, 1).approvals()).hasSize(1);
        assertThat(misroutedCount(Topics.CONTACT_EVENTS)).isZero();
        assertThat(misroutedCount(Topics.OUTBOUND_REQUESTS)).isZero();

        // And the decision latency of a Java producer before any misrouted record, to compare with the measurements below
        List<Long> latencies = javaRepliesLatencies(RunningGate.business(), 200);
        log.info("Request decision latency before any misrouted record, Java producer, 200 requests at one per {} ms: p50 {} ms, p99 {} ms",
                PAUSE_MILLIS, percentile(latencies, 50), percentile(latencies, 99));
    }

    /** Replies from a Java producer to contacts that messaged the business, one per pause; their decision latencies. */
    private static List<Long> javaRepliesLatencies(String business, int count) throws Exception {
        List<ContactKey> contacts = contactsMisroutedByCrc32(business, count);
        for (ContactKey contact : contacts) {
            javaContactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), inbound(contact, Instant.now())));
        }
        javaContactEvents.flush();
        return decisionLatencies(business, contacts.size(), () -> {
            for (ContactKey contact : contacts) {
                javaRequests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-" + contact.contact(), Instant.now())));
                Thread.sleep(PAUSE_MILLIS);
            }
            return null;
        });
    }

    @Test
    @Order(2)
    void shouldDecideAsForAJavaProducer() throws Exception {
        // Given contacts whose records librdkafka puts on another partition than Java's
        String business = RunningGate.business();
        List<ContactKey> contacts = contactsMisroutedByCrc32(business, 4);
        ContactKey optedIn = contacts.get(0);
        ContactKey optedOut = contacts.get(1);
        ContactKey messagedUs = contacts.get(2);
        ContactKey sentTwice = contacts.get(3);
        try (Producer<String, BusinessEvent> businessEvents = SharedKafka.producer(Topics.BUSINESS_EVENTS)) {
            businessEvents.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business,
                    templateStatus(business, "order_update", MessageCategory.UTILITY, TemplateStatus.APPROVED, Instant.now().minusSeconds(3600)))).get();
            businessEvents.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), business,
                    messagingLimit(business, MessagingTier.TIER_UNLIMITED, Instant.now()))).get();
        }
        List<LibrdkafkaProducer.Record> events = List.of(
                event(optIn(optedIn, ConsentCategory.UTILITY, Instant.now())),
                event(optIn(optedOut, ConsentCategory.UTILITY, Instant.now())),
                event(optOut(optedOut, Instant.now())),
                event(inbound(messagedUs, Instant.now())),
                event(inbound(sentTwice, Instant.now())));
        assertMisrouted(events, LibrdkafkaProducer.produce(SharedKafka.bootstrapServers(), events, 0));
        // The guarantee: a request that reaches Kafka after the rerouted copy of an event was written is decided after it.
        reroutedCopies(business, events.size());

        // When librdkafka sends the requests, and a Java producer the first copy of one
        javaRequests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), sentTwice.toString(), reply(sentTwice, "r-twice", Instant.now()))).get();
        List<LibrdkafkaProducer.Record> requests = List.of(
                request(template(optedIn, "r-opted-in", "order_update", MessageCategory.UTILITY, Instant.now())),
                request(template(optedOut, "r-opted-out", "order_update", MessageCategory.UTILITY, Instant.now())),
                request(reply(messagedUs, "r-window", Instant.now())),
                request(reply(sentTwice, "r-twice", Instant.now())));
        assertMisrouted(requests, LibrdkafkaProducer.produce(SharedKafka.bootstrapServers(), requests, 0));

        // Then
        Decisions decisions = Decisions.of(business, 5);
        assertThat(decisions.approvals()).as("approved; rejected: %s", decisions.rejections()).extracting(approved -> approved.getRequest().getRequestId())
                .containsExactlyInAnyOrder("r-opted-in", "r-window", "r-twice");
        assertThat(decisions.rejections()).extracting(rejected -> rejected.getRequest().getRequestId() + " " + rejected.getReason())
                .containsExactlyInAnyOrder("r-opted-out " + RejectionReason.OPTED_OUT, "r-twice " + RejectionReason.DUPLICATE_REQUEST);
        assertThat(misroutedCount(Topics.CONTACT_EVENTS)).isGreaterThanOrEqualTo(events.size());
        assertThat(misroutedCount(Topics.OUTBOUND_REQUESTS)).isGreaterThanOrEqualTo(requests.size());
    }

    /**
     * Not a benchmark: what the hop through the rerouted topics costs here, printed to the log. A misrouted event is
     * measured from its CreateTime until its rerouted copy can be read (read_committed): until then a request may be
     * decided without it. A request is measured from its CreateTime until its decision can be read, against a Java
     * producer's at the same pace. The only assertion is a generous ceiling, since other builds share the CPU.
     */
    @Test
    @Order(3)
    void shouldPrintTheExtraLatencyOfMisroutedRecords() throws Exception {
        // Given contacts in their service window, and a warm-up
        String warmUpBusiness = RunningGate.business();
        List<ContactKey> warmUpContacts = contactsMisroutedByCrc32(warmUpBusiness, 100);
        for (ContactKey contact : warmUpContacts) {
            javaContactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), inbound(contact, Instant.now())));
        }
        javaContactEvents.flush();
        decisionLatencies(warmUpBusiness, warmUpContacts.size(), () -> {
            for (ContactKey contact : warmUpContacts) {
                javaRequests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-" + contact.contact(), Instant.now())));
                Thread.sleep(PAUSE_MILLIS);
            }
            return null;
        });
        String javaBusiness = RunningGate.business();
        String librdkafkaBusiness = RunningGate.business();
        int count = 200;
        List<ContactKey> javaContacts = contactsMisroutedByCrc32(javaBusiness, count);
        List<ContactKey> librdkafkaContacts = contactsMisroutedByCrc32(librdkafkaBusiness, count);
        List<LibrdkafkaProducer.Record> events = librdkafkaContacts.stream().map(contact -> event(inbound(contact, Instant.now()))).toList();
        for (ContactKey contact : javaContacts) {
            javaContactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), contact.toString(), inbound(contact, Instant.now())));
        }
        javaContactEvents.flush();

        // When
        List<Long> eventLatencies = reroutedLatencies(librdkafkaBusiness, count,
                () -> LibrdkafkaProducer.produce(SharedKafka.bootstrapServers(), events, PAUSE_MILLIS), true);
        // Both producers at once, so that both meet the same load
        double gapsBefore = metric("consentgate_fence_gaps_total ");
        List<Long> javaLatencies;
        List<Long> misroutedLatencies;
        try (ExecutorService both = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Long>> java = both.submit(() -> decisionLatencies(javaBusiness, count, () -> {
                for (ContactKey contact : javaContacts) {
                    javaRequests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), contact.toString(), reply(contact, "r-" + contact.contact(), Instant.now())));
                    Thread.sleep(PAUSE_MILLIS);
                }
                return null;
            }));
            Future<List<Long>> misrouted = both.submit(() -> decisionLatencies(librdkafkaBusiness, count,
                    () -> LibrdkafkaProducer.produce(SharedKafka.bootstrapServers(),
                            librdkafkaContacts.stream().map(contact -> request(reply(contact, "r-" + contact.contact(), Instant.now()))).toList(), PAUSE_MILLIS)));
            javaLatencies = java.get();
            misroutedLatencies = misrouted.get();
        }
        double gapsSkipped = metric("consentgate_fence_gaps_total ") - gapsBefore;

        // Then
        log.info("Misrouted contact event, CreateTime -> rerouted copy readable, {} events at one per {} ms: p50 {} ms, p99 {} ms",
                count, PAUSE_MILLIS, percentile(eventLatencies, 50), percentile(eventLatencies, 99));
        log.info("Request decision latency, CreateTime -> decision readable, {} requests at one per {} ms: Java producer p50 {} ms, p99 {} ms;"
                        + " librdkafka default partitioner (misrouted, re-keyed) p50 {} ms, p99 {} ms; fence gaps skipped meanwhile: {}",
                count, PAUSE_MILLIS, percentile(javaLatencies, 50), percentile(javaLatencies, 99),
                percentile(misroutedLatencies, 50), percentile(misroutedLatencies, 99), gapsSkipped);
        // Figures, not a limit: a timed assertion fails on a loaded machine without saying anything about the gate.
        assertThat(eventLatencies).hasSizeGreaterThanOrEqualTo(count);
        assertThat(misroutedLatencies).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Contacts of the business whose key CRC32 puts on another partition than murmur2. */
    private static List<ContactKey> contactsMisroutedByCrc32(String business, int count) {
        return IntStream.range(0, 100_000).mapToObj(i -> new ContactKey(business, spanishMobile(i)))
                .filter(key -> LibrdkafkaProducer.crc32Partition(key.toString(), PARTITIONS) != HomePartitions.of(key.toString(), PARTITIONS))
                .limit(count).toList();
    }

    private static LibrdkafkaProducer.Record event(ContactEvent event) {
        return encoded(Topics.CONTACT_EVENTS, new ContactKey(event.getBusinessId(), event.getContact()).toString(), event);
    }

    private static LibrdkafkaProducer.Record request(SendRequest request) {
        return encoded(Topics.OUTBOUND_REQUESTS, request.getBusinessId() + "|" + request.getContact(), request);
    }

    private static <V extends SpecificRecord> LibrdkafkaProducer.Record encoded(Topic<V> topic, String key, V value) {
        byte[] bytes = AvroSerde.forTopic(topic, SharedRegistry.client()).serializer().serialize(topic.name(), value);
        return new LibrdkafkaProducer.Record(topic.name(), key.getBytes(StandardCharsets.UTF_8), bytes);
    }

    /** Each record went where CRC32 puts it, which is not its murmur2 partition. */
    private static void assertMisrouted(List<LibrdkafkaProducer.Record> records, List<LibrdkafkaProducer.Delivered> delivered) {
        assertThat(delivered).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            String key = new String(records.get(i).key(), StandardCharsets.UTF_8);
            assertThat(delivered.get(i).partition()).isEqualTo(LibrdkafkaProducer.crc32Partition(key, PARTITIONS))
                    .isNotEqualTo(HomePartitions.of(key, PARTITIONS));
        }
    }

    private static String reroutedTopic() {
        return ToHomePartitions.reroutedTopic(APPLICATION_ID, GateTopology.CONTACT_EVENTS_REROUTED);
    }

    /** Waits until the rerouted copies of the business's events can be read. */
    private static void reroutedCopies(String business, int count) throws Exception {
        reroutedLatencies(business, count, () -> null, false);
    }

    /** Runs {@code produce}, and reads the rerouted copies of the business's events: each one's latency from its CreateTime, sorted. */
    private static List<Long> reroutedLatencies(String business, int count, Callable<?> produce, boolean fromNowOn)
            throws Exception {
        List<Long> latencies = new ArrayList<>();
        try (Consumer<String, byte[]> rerouted = SharedKafka.rawConsumer(reroutedTopic());
             ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor()) {
            if (fromNowOn) {
                caughtUp(rerouted);
            }
            Future<?> producing = producer.submit(produce);
            await("%d rerouted events of %s".formatted(count, business)).atMost(DECISIONS_ARRIVE).pollInterval(Duration.ZERO).until(() -> {
                collectCopies(business, rerouted.poll(Duration.ofMillis(5)), latencies);
                return latencies.size() >= count;
            });
            producing.get();
        }
        Collections.sort(latencies);
        return latencies;
    }

    /**
     * Moves the consumer to the end of its partitions and has it look up its positions, so that a latency measured
     * from here on does not include the consumer's start or a backlog of other tests' records.
     */
    private static void caughtUp(Consumer<?, ?> consumer) {
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    private static void collectCopies(String business, ConsumerRecords<String, byte[]> read, List<Long> latencies) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, byte[]> copy : read) {
            if (copy.key() != null && copy.key().startsWith(business + "|")) {
                latencies.add(now - copy.timestamp());
            }
        }
    }

    /** From each request's CreateTime (the decision record carries it) until the decision can be read; sorted. */
    private static List<Long> decisionLatencies(String business, int count, Callable<?> produce) throws Exception {
        List<Long> latencies = new ArrayList<>();
        try (Consumer<String, ApprovedSend> approved = SharedKafka.consumer(Topics.APPROVED_SENDS);
             Consumer<String, SendRejection> rejected = SharedKafka.consumer(Topics.SEND_REJECTIONS);
             ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor()) {
            caughtUp(approved);
            caughtUp(rejected);
            Future<?> producing = producer.submit(produce);
            await("%d decisions for %s".formatted(count, business)).atMost(DECISIONS_ARRIVE).pollInterval(Duration.ZERO).until(() -> {
                ConsumerRecords<String, ApprovedSend> approvals = approved.poll(Duration.ofMillis(5));
                long now = System.currentTimeMillis();
                for (ConsumerRecord<String, ApprovedSend> r : approvals) {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        latencies.add(now - r.timestamp());
                    }
                }
                ConsumerRecords<String, SendRejection> rejections = rejected.poll(Duration.ofMillis(5));
                now = System.currentTimeMillis();
                for (ConsumerRecord<String, SendRejection> r : rejections) {
                    if (r.value().getRequest().getBusinessId().equals(business)) {
                        latencies.add(now - r.timestamp());
                    }
                }
                return latencies.size() >= count;
            });
            producing.get();
        }
        Collections.sort(latencies);
        return latencies;
    }

    private static long percentile(List<Long> sorted, int percentile) {
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100));
    }

    /** The gate's count of misrouted records of a topic, as Prometheus scrapes it. */
    private double misroutedCount(Topic<?> topic) throws Exception {
        return metric("consentgate_misrouted_records_total{service=\"send-gate\",topic=\"" + topic.name() + "\"} ");
    }

    /** The value of a series (its name and labels, then a space) as Prometheus scrapes it from the gate. */
    private double metric(String series) throws Exception {
        String metrics;
        try (HttpClient http = HttpClient.newHttpClient()) {
            metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        return metrics.lines().filter(line -> line.startsWith(series)).map(line -> Double.parseDouble(line.substring(series.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in the gate's metrics"));
    }
}
