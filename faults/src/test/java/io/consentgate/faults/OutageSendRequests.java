package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A messaging pipeline's trickle of send requests straight to {@code outbound-requests}, with a producer that rides
 * out a broker outage (its delivery timeout is longer than any outage), and a live {@link DecisionLog} of the gate's
 * decisions that counts them by request id.
 */
final class OutageSendRequests implements AutoCloseable {

    static final String TEMPLATE = "faults_outage_update";
    private static final Duration RIDE_OUT = Duration.ofMinutes(15);

    private final Producer<String, SendRequest> producer;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final DecisionLog decisions;
    private final Thread sender;
    private volatile boolean sending = true;

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
        this.decisions = new DecisionLog(bootstrapServers, registry);
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
                .setTemplate(new TemplateRef(TEMPLATE, HealthyBusiness.LANGUAGE, MessageCategory.UTILITY))
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

    /**
     * Waits until every acknowledged request has a decision, or {@code timeout}; then {@code settle} more for late
     * duplicates. Returns the wall clock at which the last one was seen, or -1 if some never was.
     */
    long awaitDecisions(Duration timeout, Duration settle) {
        try {
            long decidedAt = decisions.awaitDecided(acknowledged(), timeout) ? System.currentTimeMillis() : -1;
            Thread.sleep(settle);
            return decidedAt;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    long failedSends() {
        return failed.get();
    }

    /** How many decisions each acknowledged request has, for those that have any. */
    Map<String, Integer> decisions() {
        Map<String, Integer> counts = new HashMap<>();
        for (String requestId : acknowledged) {
            int decided = decisions.of(requestId).size();
            if (decided > 0) {
                counts.put(requestId, decided);
            }
        }
        return counts;
    }

    /** The wall clock of the first decision the reader saw in {@code [fromMillis, untilMillis]}, or -1 (see {@link DecisionLog#firstReadBetween}). */
    long firstDecisionSeenBetween(long fromMillis, long untilMillis) {
        return decisions.firstReadBetween(fromMillis, untilMillis);
    }

    @Override
    public void close() {
        sending = false;
        try {
            decisions.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private static void publishHealthyBusiness(String bootstrapServers, SchemaRegistryClient registry) {
        try (Producer<String, BusinessEvent> business = TopicClients.producer(bootstrapServers, Topics.BUSINESS_EVENTS, registry)) {
            for (BusinessEvent fact : HealthyBusiness.facts(TEMPLATE, Instant.now())) {
                business.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), FaultStack.BUSINESS, fact));
            }
            business.flush();
        }
    }
}
