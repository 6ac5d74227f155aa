package io.consentgate.faults;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A messaging pipeline's trickle of send requests straight to {@code outbound-requests}, with a producer that rides
 * out a broker outage (its delivery timeout is longer than any outage), and a live reader of the gate's decisions
 * ({@code approved-sends} and {@code send-rejections}, read_committed) that counts them by request id.
 */
final class OutageSendRequests implements AutoCloseable {

    static final String TEMPLATE = "faults_outage_update";
    private static final Duration RIDE_OUT = Duration.ofMinutes(15);

    private final Producer<String, SendRequest> producer;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, Integer> decisions = new ConcurrentHashMap<>();
    /** Wall clock (ms) at which the reader first saw a decision, by request id. */
    private final Map<String, Long> decisionSeenAt = new ConcurrentHashMap<>();
    private final Thread sender;
    private final Thread reader;
    private volatile boolean sending = true;
    private volatile boolean reading = true;

    /**
     * Publishes what an approval needs of the business (healthy sender, no limit, the approved UTILITY template), then
     * sends {@code perSecond} UTILITY template requests a second to the contacts {@code contacts} names.
     */
    OutageSendRequests(String bootstrapServers, SchemaRegistryClient registry, int perSecond, Supplier<String> contacts) {
        publishHealthyBusiness(bootstrapServers, registry);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) RIDE_OUT.toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, RIDE_OUT.toMillis()),
                new StringSerializer(), AvroSerde.forTopic(Topics.OUTBOUND_REQUESTS, registry).serializer());
        this.reader = Thread.ofPlatform().name("outage-decision-reader").daemon().start(() -> readDecisions(bootstrapServers, registry));
        long pauseNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.sender = Thread.ofPlatform().name("outage-send-requests").daemon().start(() -> {
            long sequence = 0;
            while (sending) {
                send("outage-req-" + (++sequence), contacts.get());
                LockSupport.parkNanos(pauseNanos);
            }
        });
    }

    private void send(String requestId, String contact) {
        Instant now = Instant.now();
        SendRequest request = SendRequest.newBuilder()
                .setRequestId(requestId).setBusinessId(FaultStack.BUSINESS).setSenderId(FaultStack.SENDER).setContact(contact)
                .setRequestedAt(now).setKind(MessageKind.TEMPLATE)
                .setTemplate(new TemplateRef(TEMPLATE, "es", MessageCategory.UTILITY))
                .build();
        String key = new ContactKey(FaultStack.BUSINESS, contact).toString();
        producer.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), key, request), (metadata, failure) -> {
            if (failure == null) {
                acknowledged.add(requestId);
            } else {
                failed.incrementAndGet();
            }
        });
    }

    private void readDecisions(String bootstrapServers, SchemaRegistryClient registry) {
        Map<String, Object> configs = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        // Both topics' values are decisions; each is decoded with its own topic's serde.
        var approved = AvroSerde.forTopic(Topics.APPROVED_SENDS, registry).deserializer();
        var rejected = AvroSerde.forTopic(Topics.SEND_REJECTIONS, registry).deserializer();
        try (var consumer = new KafkaConsumer<String, byte[]>(configs, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.APPROVED_SENDS.name(), Topics.SEND_REJECTIONS.name())) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    SpecificRecord decision = record.topic().equals(Topics.APPROVED_SENDS.name())
                            ? approved.deserialize(record.topic(), record.headers(), record.value())
                            : rejected.deserialize(record.topic(), record.headers(), record.value());
                    String requestId = switch (decision) {
                        case ApprovedSend send -> send.getRequest().getRequestId();
                        case SendRejection rejection -> rejection.getRequest().getRequestId();
                        default -> throw new IllegalStateException("not a decision: " + decision);
                    };
                    decisions.merge(requestId, 1, Integer::sum);
                    decisionSeenAt.putIfAbsent(requestId, System.currentTimeMillis());
                }
            }
        }
    }

    /** Stops sending and waits until every request sent is acknowledged or failed (the producer's flush). */
    void stopSending() {
        sending = false;
        try {
            sender.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.flush();
    }

    /** Waits until every acknowledged request has a decision, or {@code timeout}; then a moment more for late duplicates. */
    void awaitDecisions(Duration timeout, Duration settle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !decisions.keySet().containsAll(acknowledged)) {
            sleep(Duration.ofMillis(200));
        }
        sleep(settle);
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long failedSends() {
        return failed.get();
    }

    Map<String, Integer> decisions() {
        return Map.copyOf(decisions);
    }

    /**
     * The wall clock of the first decision the reader saw in {@code [fromMillis, untilMillis]}, or -1 (the reader, a
     * consumer too, reconnects after an outage like the gate does: its own delay is part of the figure).
     */
    long firstDecisionSeenBetween(long fromMillis, long untilMillis) {
        return decisionSeenAt.values().stream().filter(at -> at >= fromMillis && at <= untilMillis).mapToLong(Long::longValue).min().orElse(-1);
    }

    @Override
    public void close() {
        sending = false;
        reading = false;
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private static void publishHealthyBusiness(String bootstrapServers, SchemaRegistryClient registry) {
        Instant at = Instant.now();
        List<BusinessEvent> facts = List.of(
                businessEvent("outage-sender", at, SenderQualityChanged.newBuilder().setSenderId(FaultStack.SENDER)
                        .setQualityRating(QualityRating.GREEN).setStatus(SenderStatus.CONNECTED).build()),
                businessEvent("outage-limit", at, new MessagingLimitChanged(MessagingTier.TIER_UNLIMITED)),
                businessEvent("outage-template", at, TemplateStatusChanged.newBuilder().setTemplateName(TEMPLATE).setLanguage("es")
                        .setStatus(TemplateStatus.APPROVED).setCategory(MessageCategory.UTILITY).build()));
        try (Producer<String, BusinessEvent> business = TopicClients.producer(bootstrapServers, Topics.BUSINESS_EVENTS, registry)) {
            for (BusinessEvent fact : facts) {
                business.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), FaultStack.BUSINESS, fact));
            }
            business.flush();
        }
    }

    private static BusinessEvent businessEvent(String eventId, Instant at, Object payload) {
        return BusinessEvent.newBuilder().setEventId(eventId).setBusinessId(FaultStack.BUSINESS)
                .setOccurredAt(at).setRecordedAt(at).setSource("faults").setPayload(payload).build();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
