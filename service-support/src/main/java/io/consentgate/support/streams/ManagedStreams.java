package io.consentgate.support.streams;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.support.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service's {@link KafkaStreams}, the same for every streams service: built from its topology and
 * properties, with the dead-letter handlers ({@link DeadLetterDeserializationHandler},
 * {@link DeadLetterProcessingHandler}: set here, so no service sets its own), its metrics bound to Micrometer (its dead letters counted from zero), its
 * restores reported ({@link RestoreProgress}); a stream thread failed on a transaction the brokers ended is replaced,
 * any other uncaught exception shuts the client down (state ERROR) so that liveness fails and the platform restarts
 * the instance ({@link StreamThreadFailures}; under exactly-once nothing half-done is visible); closed
 * leaving the group, so that the other instances take its partitions at once rather than after the session timeout.
 */
public final class ManagedStreams {

    private static final Logger log = LoggerFactory.getLogger(ManagedStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String service;
    private final Topology topology;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;
    private volatile boolean closing;
    private volatile boolean hasRun;
    private final StreamThreadFailures failures = new StreamThreadFailures(Clock.systemUTC());

    /**
     * @param service what the logs call it, e.g. "send-gate"
     */
    public ManagedStreams(String service, Topology topology, MeterRegistry registry) {
        this.service = service;
        this.topology = topology;
        this.registry = registry;
    }

    /**
     * Builds and starts a client with {@code config} (Boot's streams properties and the service's own) and the
     * dead-letter handlers; after {@link #close}, a new one (a closed KafkaStreams cannot start again).
     *
     * @throws IllegalStateException when {@code config} names other exception handlers: they would lose records
     */
    public synchronized void start(Map<String, Object> config) {
        if (streams != null && !closing) {
            throw new IllegalStateException(service + "'s streams are started already");
        }
        Properties properties = new Properties();
        properties.putAll(withAdminTimeouts(withDeadLetterHandlers(service, config)));
        KafkaStreams created = new KafkaStreams(topology, properties);
        created.setUncaughtExceptionHandler(exception -> {
            StreamThreadExceptionResponse response = failures.respond(exception);
            if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
                log.warn("{}'s stream thread failed on a Kafka transaction the brokers ended (or a retriable error); it is replaced and"
                        + " resumes from the last commit (nothing of the open transaction is visible)", service, exception);
            } else {
                log.error("{}'s stream failed and shuts down; restart the instance (liveness is DOWN)", service, exception);
            }
            return response;
        });
        created.setGlobalStateRestoreListener(new RestoreProgress(service));
        hasRun = false;
        created.setStateListener((now, before) -> hasRun |= now == KafkaStreams.State.RUNNING);
        metrics = new KafkaStreamsMetrics(created);
        metrics.bindTo(registry);
        DeadLetters.countFromZero(DeadLetters.serviceOf(config), contractTopicsReadBy(topology));
        closing = false;
        streams = created;
        created.start();
    }

    public void close() {
        closing = true;
        KafkaStreams running = streams;
        if (running != null) {
            running.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            metrics.close();
        }
    }

    /** {@code config} with the dead-letter handlers; one set to another handler is refused, saying which setting to remove. */
    static Map<String, Object> withDeadLetterHandlers(String service, Map<String, Object> config) {
        Map<String, Object> withHandlers = new HashMap<>(config);
        own(service, withHandlers, StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        own(service, withHandlers, StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        return withHandlers;
    }

    /**
     * {@code config} with shorter timeouts for Kafka Streams' own Admin client, unless set: 5 s a request, 15 s a call
     * (defaults 30 s and 60 s). The group leader's assignor asks that client for the changelogs' end offsets inside the
     * rebalance, and after a broker returned to the cluster the call waited out the whole 60 s (kafka-clients 4.2 sends
     * to the partition leader it has cached: KAFKA-20673), the whole group standing still meanwhile (fault suite,
     * cluster-minisr). When the call fails, Kafka Streams keeps the previous assignment and rebalances again.
     */
    static Map<String, Object> withAdminTimeouts(Map<String, Object> config) {
        Map<String, Object> withTimeouts = new HashMap<>(config);
        withTimeouts.putIfAbsent(StreamsConfig.adminClientPrefix(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG), 5_000);
        withTimeouts.putIfAbsent(StreamsConfig.adminClientPrefix(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG), 15_000);
        return withTimeouts;
    }

    private static void own(String service, Map<String, Object> config, String setting, Class<?> handler) {
        Object configured = config.get(setting);
        String named = configured instanceof Class<?> type ? type.getName() : configured == null ? null : configured.toString().strip();
        if (named != null && !named.equals(handler.getName())) {
            throw new IllegalStateException(service + "'s streams are configured with " + setting + "=" + named + ", but they park records"
                    + " they cannot read or apply with " + handler.getName() + ", which service-support sets itself: remove"
                    + " spring.kafka.streams.properties." + setting);
        }
        config.put(setting, handler);
    }

    /** The contract topics the topology reads, global stores included; internal topics (repartition, changelog) left out. */
    static Set<String> contractTopicsReadBy(Topology topology) {
        TopologyDescription description = topology.describe();
        Set<String> read = new TreeSet<>();
        description.subtopologies().forEach(subtopology -> subtopology.nodes().forEach(node -> {
            if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                read.addAll(source.topicSet());
            }
        }));
        description.globalStores().forEach(store -> read.addAll(store.source().topicSet()));
        read.retainAll(Topics.ALL.stream().map(Topic::name).toList());
        return read;
    }

    /** The client's state, or CREATED before {@link #start}. */
    public KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.CREATED : running.state();
    }

    /** Started, and not closed since. */
    public boolean isStarted() {
        return streams != null && !closing;
    }

    /** Started and neither closed nor stopped. */
    public boolean isRunning() {
        KafkaStreams running = streams;
        return running != null && !closing && running.state() != KafkaStreams.State.NOT_RUNNING;
    }

    /**
     * Ready for traffic: RUNNING at least once since {@link #start} (its first assignment taken, its stores
     * restored), not closing and not dead. A later rebalance leaves it ready: the instance keeps answering for the
     * partitions it keeps, and a lookup of a partition on the move answers 503 by itself; dropping readiness on every
     * rebalance would flap all instances at once each time one of them joins or leaves.
     */
    public boolean isReady() {
        return hasRun && !closing && !isDead();
    }

    /** Dead: failed, or stopped without the application asking. */
    public boolean isDead() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || !closing && (state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN);
    }

    /** The client, for interactive queries; null before {@link #start}. */
    public KafkaStreams streams() {
        return streams;
    }
}
