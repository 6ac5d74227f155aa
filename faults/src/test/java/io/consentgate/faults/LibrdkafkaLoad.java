package io.consentgate.faults;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.testing.LibrdkafkaProducer;
import io.consentgate.testing.TopicClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The other producer of the mixed load: librdkafka with its default partitioner (CRC32 of the key, see
 * {@link LibrdkafkaProducer}), fed one record at a time by {@code librdkafka/produce-stream.py}. Values are encoded
 * in Java (Avro, the registry's wire format), as a non-Java client would encode them.
 *
 * <p>A contact event it puts off its key's murmur2 home partition is folded only once the gate has written its
 * rerouted copy; that copy, not the librdkafka acknowledgement, is what the ordering guarantee counts from. So
 * {@link #awaitRerouted} reads the gate's rerouted topic (read_committed) and waits until every misrouted event of a
 * key has its copy there: only then does the load count the event as acknowledged.
 */
final class LibrdkafkaLoad implements AutoCloseable {

    private static final Duration DELIVERED_WITHIN = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final SchemaRegistryClient registry;
    private final int partitions;
    private final Process process;
    private final Writer toProcess;
    private final Thread deliveries;
    private final Map<Long, CompletableFuture<Integer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    /** Per key, contact events written off their home partition, and rerouted copies read. */
    private final Map<String, AtomicLong> misroutedEvents = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> reroutedCopies = new ConcurrentHashMap<>();
    private final AtomicLong misroutedRequests = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private volatile Consumer<String, byte[]> reroutedReader;
    private volatile Thread reroutedThread;
    private volatile RuntimeException failure;

    LibrdkafkaLoad(String bootstrapServers, SchemaRegistryClient registry, int partitions) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.partitions = partitions;
        try {
            Path script = Files.createTempFile("produce-stream-", ".py");
            script.toFile().deleteOnExit();
            try (InputStream source = LibrdkafkaLoad.class.getResourceAsStream("/librdkafka/produce-stream.py")) {
                Files.write(script, source.readAllBytes());
            }
            process = new ProcessBuilder(System.getProperty(LibrdkafkaProducer.PYTHON_PROPERTY, LibrdkafkaProducer.DEFAULT_PYTHON),
                    script.toString(), bootstrapServers).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the librdkafka producer", e);
        }
        toProcess = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
        deliveries = Thread.ofPlatform().name("librdkafka-deliveries").start(this::readDeliveries);
    }

    /** Sends one record; the future completes with the partition librdkafka's partitioner put it on. */
    synchronized <V extends SpecificRecord> CompletableFuture<Integer> send(Topic<V> topic, String key, V value) {
        check();
        byte[] bytes = AvroSerde.forTopic(topic, registry).serializer().serialize(topic.name(), value);
        long id = nextId.getAndIncrement();
        CompletableFuture<Integer> delivered = new CompletableFuture<>();
        pending.put(id, delivered);
        Base64.Encoder base64 = Base64.getEncoder();
        try {
            toProcess.write(id + " " + topic.name() + " " + base64.encodeToString(key.getBytes(StandardCharsets.UTF_8)) + " "
                    + base64.encodeToString(bytes) + "\n");
            toProcess.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the librdkafka producer stopped reading", e);
        }
        records.incrementAndGet();
        return delivered;
    }

    /** A request: counted as misrouted when its partition is not its key's home partition. */
    <V extends SpecificRecord> CompletableFuture<Integer> sendRequest(Topic<V> topic, String key, V value) {
        int home = home(key);
        return send(topic, key, value).thenApply(partition -> {
            if (partition != home) {
                misroutedRequests.incrementAndGet();
            }
            return home;
        });
    }

    /** A contact event, delivered; if it landed off its home partition, the count of rerouted copies its key awaits grows. */
    <V extends SpecificRecord> CompletableFuture<Integer> sendEvent(Topic<V> topic, String key, V value) {
        int home = home(key);
        return send(topic, key, value).thenApply(partition -> {
            if (partition != home) {
                misroutedEvents.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
            }
            return partition;
        });
    }

    /** Waits for a record's delivery. */
    static int delivered(CompletableFuture<Integer> future) {
        try {
            return future.get(DELIVERED_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while librdkafka delivered a record", e);
        } catch (Exception e) {
            throw new IllegalStateException("librdkafka did not deliver a record: " + e, e);
        }
    }

    /** Starts reading the gate's rerouted topic (the gate creates it as it starts: waited for up to a minute). */
    void followRerouted(String topic) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (reroutedReader == null) {
            try {
                reroutedReader = TopicClients.rawConsumer(bootstrapServers, topic);
            } catch (IllegalArgumentException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
        reroutedThread = Thread.ofPlatform().name("rerouted-reader").start(this::readRerouted);
    }

    /** Waits until every misrouted contact event of {@code key} (or of every key, when null) has its rerouted copy. */
    void awaitRerouted(String key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            check();
            boolean all = key == null
                    ? misroutedEvents.entrySet().stream().allMatch(e -> copies(e.getKey()) >= e.getValue().get())
                    : copies(key) >= misroutedEvents.getOrDefault(key, new AtomicLong()).get();
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("misrouted contact events without a rerouted copy after " + timeout
                        + " (is the gate's rerouted topic read?)");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for rerouted copies", e);
            }
        }
    }

    long records() {
        return records.get();
    }

    long misroutedEvents() {
        return misroutedEvents.values().stream().mapToLong(AtomicLong::get).sum();
    }

    long misroutedRequests() {
        return misroutedRequests.get();
    }

    int home(String key) {
        return HomePartitions.of(key, partitions);
    }

    private long copies(String key) {
        AtomicLong count = reroutedCopies.get(key);
        return count == null ? 0 : count.get();
    }

    private void readDeliveries() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.trim().split(" ", 3);
                CompletableFuture<Integer> delivered = pending.remove(Long.parseLong(fields[0]));
                if ("ERROR".equals(fields[1])) {
                    failure = new IllegalStateException("librdkafka failed to deliver a record: " + fields[2]);
                    delivered.completeExceptionally(failure);
                } else {
                    delivered.complete(Integer.parseInt(fields[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            failure = new IllegalStateException("the librdkafka producer's deliveries could not be read: " + e, e);
        }
    }

    private void readRerouted() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> copy : reroutedReader.poll(Duration.ofMillis(50))) {
                    if (copy.key() != null) {
                        reroutedCopies.computeIfAbsent(copy.key(), k -> new AtomicLong()).incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            reroutedReader.close(Duration.ofSeconds(5));
        }
    }

    /** Throws what failed in the producer or the rerouted reader, if anything did. */
    void check() {
        RuntimeException failed = failure;
        if (failed != null) {
            throw new IllegalStateException("the librdkafka load failed: " + failed, failed);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            toProcess.close();
        } catch (IOException e) {
            // the process is gone already
        }
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        deliveries.join(5_000);
        if (reroutedReader != null) {
            reroutedReader.wakeup();
            reroutedThread.join(10_000);
        }
    }
}
