package io.consentgate.faults;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.testing.TopicClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link SendWorkload} as the product's clients would (idempotent, acks=all, Avro, {@code ContactKey} keys)
 * and remembers what it wrote, for the {@link DecisionOracle}: every contact's events in the order of its partition,
 * and for each request how many of its contact's events were acknowledged before it was sent. A mid-load event is
 * sent and its acknowledgement awaited before the next request, so that count is exact.
 */
final class SendLoad implements AutoCloseable {

    /** One request sent: {@code eventsBefore} of its contact's events were acknowledged before it; partition once acknowledged. */
    static final class Sent {
        final String requestId;
        final int contact;
        final SendRequest request;
        final int eventsBefore;
        final long sentAtMs;
        volatile int partition = -1;
        /** Through librdkafka's default partitioner (a mixed load), else Java's producer. */
        boolean viaLibrdkafka;

        Sent(String requestId, int contact, SendRequest request, int eventsBefore, long sentAtMs) {
            this.requestId = requestId;
            this.contact = contact;
            this.request = request;
            this.eventsBefore = eventsBefore;
            this.sentAtMs = sentAtMs;
        }
    }

    private static final long PACING_NANOS = 500_000;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

    private final SendWorkload workload;
    private final int requestsPerChange;
    private final Producer<String, ContactEvent> contactEvents;
    private final Producer<String, BusinessEvent> businessEvents;
    private final Producer<String, SendRequest> requests;
    /** Null: every record through Java's producer. Else the other producer of a mixed load ({@link #mixed}). */
    private LibrdkafkaLoad librdkafka;
    private final SplittableRandom producerChoice = new SplittableRandom(14);
    private final SplittableRandom random = new SplittableRandom(8);
    private final List<BusinessEvent> businessHistory = new ArrayList<>();
    private final List<List<ContactEvent>> eventsByContact = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private int changes;
    private int requestsViaLibrdkafka;
    private volatile long startedAtMs;
    private volatile long endedAtMs;
    /** Set by {@link #stopSteady}: the steady load ends before its duration (a scenario whose steps took their own time). */
    private volatile boolean stopRequested;

    /** @param requestsPerChange one mid-load consent or window change per this many requests */
    SendLoad(String bootstrapServers, SchemaRegistryClient registry, SendWorkload workload, int requestsPerChange) {
        this.workload = workload;
        this.requestsPerChange = requestsPerChange;
        contactEvents = TopicClients.producer(bootstrapServers, Topics.CONTACT_EVENTS, registry);
        businessEvents = TopicClients.producer(bootstrapServers, Topics.BUSINESS_EVENTS, registry);
        requests = TopicClients.producer(bootstrapServers, Topics.OUTBOUND_REQUESTS, registry);
        for (int i = 0; i < workload.contacts(); i++) {
            eventsByContact.add(new ArrayList<>(4));
        }
    }

    /**
     * Makes this a mixed load: the events of every odd contact and half the requests (drawn at random) go through
     * librdkafka's default partitioner instead. Such an event counts as acknowledged only once it is on its home
     * partition: at once if CRC32 put it there, else when its rerouted copy can be read ({@link LibrdkafkaLoad}).
     */
    SendLoad mixed(LibrdkafkaLoad librdkafka) {
        this.librdkafka = librdkafka;
        return this;
    }

    private boolean eventsThroughLibrdkafka(int contact) {
        return librdkafka != null && contact % 2 == 1;
    }

    /**
     * The business's events and every contact's history, all acknowledged. Call it before the gates start: their
     * global business state is then complete before they decide anything (the ordering guarantee covers contact events only).
     */
    void prepare() {
        Instant now = Instant.now();
        for (BusinessEvent event : workload.businessEvents(now)) {
            businessEvents.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), event.getBusinessId(), event), this::failed);
            businessHistory.add(event);
        }
        List<CompletableFuture<Integer>> viaLibrdkafka = new ArrayList<>();
        for (int i = 0; i < workload.contacts(); i++) {
            for (ContactEvent event : workload.history(i, now)) {
                if (eventsThroughLibrdkafka(i)) {
                    // Mixed: each contact has one producer for its events, so they stay in order in one partition.
                    viaLibrdkafka.add(librdkafka.sendEvent(Topics.CONTACT_EVENTS, workload.contact(i).toString(), event));
                    eventsByContact.get(i).add(event);
                    continue;
                }
                // One idempotent producer: a contact's events land in its partition in the order sent.
                contactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), workload.contact(i).toString(), event), this::failed);
                eventsByContact.get(i).add(event);
            }
        }
        businessEvents.flush();
        contactEvents.flush();
        viaLibrdkafka.forEach(LibrdkafkaLoad::delivered);
        check();
    }

    /**
     * {@code count} requests with ids {@code warm-<n>}, sent at once and not part of what the load judges (they change no
     * state: free-form replies and UTILITY templates are not written to the contact's state). Wait for their decisions
     * before the load, so that what the scenario measures is a warm gate's.
     */
    List<String> warmUp(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int contact = random.nextInt(workload.contacts());
            String requestId = "warm-" + i;
            SendRequest request = workload.request(requestId, contact, random.nextBoolean(), Instant.now());
            requests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), workload.contact(contact).toString(), request), this::failed);
            ids.add(requestId);
        }
        requests.flush();
        check();
        return ids;
    }

    /** Runs {@link #steady} on a thread of its own; join it before reading what was sent. */
    Thread startSteady(int rate, Duration duration) {
        return Thread.ofPlatform().name("send-load").start(() -> {
            try {
                steady(rate, duration);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        });
    }

    /** Ends the steady load now (before its duration if that is not over): join its thread afterwards. */
    void stopSteady() {
        stopRequested = true;
    }

    /** {@code rate} requests per second for {@code duration}, spread over every millisecond, with mid-load changes. */
    void steady(int rate, Duration duration) {
        int count = (int) (rate * duration.toMillis() / 1000);
        long start = System.nanoTime();
        startedAtMs = System.currentTimeMillis();
        int index = 0;
        while (index < count && failure.get() == null && !stopRequested) {
            long due = Math.min(count, (System.nanoTime() - start) * rate / 1_000_000_000L + 1);
            while (index < due) {
                sendOne(index++);
            }
            LockSupport.parkNanos(PACING_NANOS);
        }
        requests.flush();
        endedAtMs = System.currentTimeMillis();
        check();
    }

    private void sendOne(int index) {
        int contact;
        boolean template;
        if (index % requestsPerChange == requestsPerChange - 1) {
            // A change, acknowledged, then a request to the same contact that must see it: a template after a consent
            // change, a free-form reply after an inbound message.
            contact = random.nextInt(workload.contacts());
            ContactEvent change = workload.change(contact, index, random, Instant.now());
            sendAcknowledged(contact, change);
            template = !(change.getPayload() instanceof InboundMessage);
        } else {
            contact = random.nextInt(workload.contacts());
            template = random.nextBoolean();
        }
        long now = System.currentTimeMillis();
        String requestId = "req-" + index;
        SendRequest request = workload.request(requestId, contact, template, Instant.ofEpochMilli(now));
        Sent one = new Sent(requestId, contact, request, eventsByContact.get(contact).size(), now);
        sent.add(one);
        if (librdkafka != null && producerChoice.nextBoolean()) {
            // Its decision's partition is the key's home partition, whichever partition librdkafka chose.
            librdkafka.sendRequest(Topics.OUTBOUND_REQUESTS, workload.contact(contact).toString(), request)
                    .whenComplete((home, exception) -> {
                        if (exception != null) {
                            failed(null, exception instanceof Exception e ? e : new IllegalStateException(exception));
                        } else {
                            one.partition = home;
                        }
                    });
            one.viaLibrdkafka = true;
            requestsViaLibrdkafka++;
            return;
        }
        requests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), null, now, workload.contact(contact).toString(), request),
                (metadata, exception) -> {
                    if (exception != null) {
                        failed(metadata, exception);
                    } else {
                        one.partition = metadata.partition();
                    }
                });
    }

    private void sendAcknowledged(int contact, ContactEvent event) {
        if (eventsThroughLibrdkafka(contact)) {
            String key = workload.contact(contact).toString();
            LibrdkafkaLoad.delivered(librdkafka.sendEvent(Topics.CONTACT_EVENTS, key, event));
            librdkafka.awaitRerouted(key, ACK_TIMEOUT);
            eventsByContact.get(contact).add(event);
            changes++;
            return;
        }
        try {
            contactEvents.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), workload.contact(contact).toString(), event))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a contact event was being acknowledged", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a mid-load contact event was not acknowledged: " + e, e);
        }
        eventsByContact.get(contact).add(event);
        changes++;
    }

    private void failed(Object metadata, Exception exception) {
        if (exception != null) {
            failure.compareAndSet(null, exception);
        }
    }

    /** Throws what failed in the producers, if anything did: the oracle would judge against a wrong history. */
    void check() {
        Exception exception = failure.get();
        if (exception != null) {
            throw new IllegalStateException("the send load failed: " + exception, exception);
        }
    }

    SendWorkload workload() {
        return workload;
    }

    List<BusinessEvent> businessHistory() {
        return businessHistory;
    }

    /** Contact {@code index}'s events in partition order (read after the load's thread has ended). */
    List<ContactEvent> eventsOf(int index) {
        return eventsByContact.get(index);
    }

    /** Every request sent, in order (read after the load's thread has ended). */
    List<Sent> sent() {
        return sent;
    }

    /** Mid-load consent and window changes sent (each acknowledged before the next request). */
    int changes() {
        return changes;
    }

    /** Requests of the steady load sent through librdkafka (0 unless {@link #mixed}). */
    int requestsViaLibrdkafka() {
        return requestsViaLibrdkafka;
    }

    /**
     * Sends a request again, with its id, through the producer it did not go through first: a retry across producers
     * must be decided DUPLICATE_REQUEST, whichever partition each copy took.
     */
    void resendThroughTheOther(Sent one) {
        String key = workload.contact(one.contact).toString();
        if (!one.viaLibrdkafka) {
            LibrdkafkaLoad.delivered(librdkafka.sendRequest(Topics.OUTBOUND_REQUESTS, key, one.request));
        } else {
            requests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), key, one.request), this::failed);
        }
    }

    void flushRequests() {
        requests.flush();
        check();
    }

    long startedAtMs() {
        return startedAtMs;
    }

    long endedAtMs() {
        return endedAtMs;
    }

    @Override
    public void close() {
        contactEvents.close(Duration.ofSeconds(5));
        businessEvents.close(Duration.ofSeconds(5));
        requests.close(Duration.ofSeconds(5));
    }
}
