package io.consentgate.bench.gate;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes the load as the services' clients would: idempotent, acks=all, linger 5 ms, keys from {@code ContactKey}
 * (or the businessId), values in the contract's Avro wire format. Requests go to the gate's
 * {@code outbound-requests} or to the baseline's input; either way the very same records.
 */
final class LoadProducer implements AutoCloseable {

    /** One opt-out per this many requests to the gate, interleaved. */
    static final int REQUESTS_PER_OPT_OUT = 100;
    private static final long PACING_NANOS = 1_000_000;

    private final Workload workload;
    private final Producer<String, ContactEvent> contactEvents;
    private final Producer<String, BusinessEvent> businessEvents;
    private final Producer<String, SendRequest> requests;
    /** Records already in the wire format, for a topic whose schema is not theirs (the baseline's input). */
    private final Producer<String, byte[]> bytes;
    private final Serializer<ContactEvent> contactEventBytes;
    private final SplittableRandom random = new SplittableRandom(42);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Callback failures = (metadata, exception) -> {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    };
    private final AtomicInteger optOuts = new AtomicInteger();

    LoadProducer(String bootstrapServers, SchemaRegistryClient registry, Workload workload) {
        this.workload = workload;
        Map<String, Object> batching = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5);
        contactEvents = TopicClients.producer(bootstrapServers, Topics.CONTACT_EVENTS, registry, batching);
        businessEvents = TopicClients.producer(bootstrapServers, Topics.BUSINESS_EVENTS, registry, batching);
        requests = TopicClients.producer(bootstrapServers, Topics.OUTBOUND_REQUESTS, registry, batching);
        contactEventBytes = AvroSerde.forTopic(Topics.CONTACT_EVENTS, registry).serializer();
        bytes = TopicClients.rawProducer(bootstrapServers, batching);
    }

    void businessEvents() {
        for (BusinessEvent event : workload.businessEvents(Instant.now())) {
            businessEvents.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), event.getBusinessId(), event), failures);
        }
        businessEvents.flush();
        check();
    }

    /** Every contact's opt-in and inbound message (those it has); {@code sent} counts them for the progress line. */
    void contactHistories(AtomicInteger sent) {
        contactHistories(0, workload.contacts(), sent);
    }

    /**
     * The histories of contacts {@code from} to {@code to} (exclusive), as {@link #contactHistories} writes them: with
     * indexes past {@link Workload#contacts()}, contacts no request names, new to the gate.
     */
    void contactHistories(int from, int to, AtomicInteger sent) {
        for (int i = from; i < to; i++) {
            for (ContactEvent event : workload.history(i, Instant.now())) {
                contactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), workload.contact(i).toString(), event), failures);
                sent.incrementAndGet();
            }
        }
        contactEvents.flush();
        check();
    }

    /** The same histories, the same keys and the same bytes (the contact-events wire format), to another topic: the baseline's input. */
    void contactHistoriesAsBytes(String topic, int from, int to, AtomicInteger sent) {
        for (int i = from; i < to; i++) {
            for (ContactEvent event : workload.history(i, Instant.now())) {
                byte[] value = contactEventBytes.serialize(Topics.CONTACT_EVENTS.name(), event);
                bytes.send(new ProducerRecord<>(topic, workload.contact(i).toString(), value), failures);
                sent.incrementAndGet();
            }
        }
        bytes.flush();
        check();
    }

    /** One record per contact to {@code topic}, so that the baseline's store holds as many keys as the gate's. */
    void onePerContact(String topic, AtomicInteger sent) {
        for (int i = 0; i < workload.contacts(); i++) {
            SendRequest request = workload.request("fill-" + i, random, Instant.now());
            requests.send(new ProducerRecord<>(topic, workload.contact(i).toString(), request), failures);
            sent.incrementAndGet();
        }
        requests.flush();
        check();
    }

    /** {@code count} requests as fast as the producer takes them. */
    void asFastAsPossible(String topic, Tally tally, int count, boolean interleaveOptOuts) {
        for (int i = 0; i < count; i++) {
            send(topic, tally, i, interleaveOptOuts);
        }
        requests.flush();
        contactEvents.flush();
        check();
    }

    /** {@code rate} requests per second for {@code duration}, spread over every millisecond. */
    void steady(String topic, Tally tally, int rate, Duration duration, boolean interleaveOptOuts) {
        int count = (int) (rate * duration.toSeconds());
        long start = System.nanoTime();
        int sent = 0;
        while (sent < count) {
            long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (sent < due) {
                send(topic, tally, sent++, interleaveOptOuts);
            }
            LockSupport.parkNanos(PACING_NANOS / 2);
        }
        requests.flush();
        contactEvents.flush();
        check();
    }

    int optOuts() {
        return optOuts.get();
    }

    private void send(String topic, Tally tally, int index, boolean interleaveOptOuts) {
        long now = System.currentTimeMillis();
        Instant at = Instant.ofEpochMilli(now);
        if (interleaveOptOuts && index % REQUESTS_PER_OPT_OUT == REQUESTS_PER_OPT_OUT - 1) {
            ContactEvent optOut = workload.optOut(random, at);
            contactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), null, now,
                    new ContactKey(optOut.getBusinessId(), optOut.getContact()).toString(), optOut), failures);
            optOuts.incrementAndGet();
        }
        SendRequest request = workload.request(tally.requestId(index), random, at);
        tally.produced(index + 1, now);
        requests.send(new ProducerRecord<>(topic, null, now, new ContactKey(request.getBusinessId(), request.getContact()).toString(), request), failures);
    }

    private void check() {
        Exception exception = failure.get();
        if (exception != null) {
            throw new IllegalStateException("the load producer failed: " + exception, exception);
        }
    }

    @Override
    public void close() {
        contactEvents.close(Duration.ofSeconds(5));
        businessEvents.close(Duration.ofSeconds(5));
        requests.close(Duration.ofSeconds(5));
        bytes.close(Duration.ofSeconds(5));
    }
}
