package io.consentgate.support.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records read on a partition that is not their key's home ({@link HomePartitions}): counted as
 * {@code consentgate_misrouted_records_total{topic, service}} (from zero for the topics a service checks, so that
 * 0 shows for a Java-only load) and logged at WARN, at most once per topic partition and minute.
 *
 * <p>The log names topic, partition and offset, never the key (it holds a phone number). A Kafka record does not
 * carry its producer's client id, so the log cannot name it; the offset finds the record, and the broker's request
 * logs name the clients that produce to the topic.
 */
public final class MisroutedRecords implements ToHomePartitions.Misrouted {

    public static final String METRIC = "consentgate.misrouted.records";
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(MisroutedRecords.class);

    private final MeterRegistry registry;
    private final String service;
    private final LongSupplier clock;
    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public MisroutedRecords(MeterRegistry registry, String service, Collection<String> topics) {
        this(registry, service, topics, System::currentTimeMillis);
    }

    MisroutedRecords(MeterRegistry registry, String service, Collection<String> topics, LongSupplier clock) {
        this.registry = registry;
        this.service = service;
        this.clock = clock;
        topics.forEach(topic -> counters.put(topic, counter(topic)));
    }

    /** A record of {@code topic} at {@code partition}/{@code offset} whose key belongs on {@code home}: rerouted there. */
    @Override
    public void rerouted(String topic, int partition, long offset, int home) {
        counters.computeIfAbsent(topic, this::counter).increment();
        long now = clock.getAsLong();
        String where = topic + "-" + partition;
        Long last = lastLogged.get(where);
        if (last == null || now - last >= LOG_EVERY.toMillis()) {
            lastLogged.put(where, now);
            log.warn("{}: a record on partition {} (offset {}) belongs on partition {} by the murmur2 hash of its key: its producer"
                            + " does not partition as Java's default partitioner does (librdkafka clients: set partitioner=murmur2_random)."
                            + " {} reroutes it to partition {}; counted in consentgate_misrouted_records_total, logged once per partition"
                            + " and minute. Kafka records do not carry the producer's client id: find the producer by this offset"
                            + " or the broker's request log",
                    topic, partition, offset, home, service, home);
        }
    }

    private Counter counter(String topic) {
        return Counter.builder(METRIC)
                .description("Records read on a partition other than their key's (murmur2) partition, rerouted there")
                .tag("topic", topic).tag("service", service)
                .register(registry);
    }
}
