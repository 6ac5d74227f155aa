package io.consentgate.gate.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Owns the gate's {@link KafkaStreams}: built from the pure topology and the streams properties,
 * started and closed with the application, its own metrics bound to Micrometer. An uncaught
 * exception shuts the client down (state ERROR) so that liveness fails and the platform restarts
 * the instance; under exactly-once nothing half-done is visible.
 */
final class GateStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GateStreams.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Topology topology;
    private final Map<String, Object> config;
    private final MeterRegistry registry;
    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;
    private volatile boolean stopping;

    GateStreams(Topology topology, Map<String, Object> config, MeterRegistry registry) {
        this.topology = topology;
        this.config = Map.copyOf(config);
        this.registry = registry;
    }

    @Override
    public void start() {
        Properties properties = new Properties();
        properties.putAll(config);
        KafkaStreams started = new KafkaStreams(topology, properties);
        started.setUncaughtExceptionHandler(exception -> {
            log.error("The gate's stream failed and shuts down; restart the instance (liveness is DOWN)", exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        metrics = new KafkaStreamsMetrics(started);
        metrics.bindTo(registry);
        stopping = false;
        streams = started;
        started.start();
    }

    @Override
    public void stop() {
        stopping = true;
        KafkaStreams running = streams;
        if (running != null) {
            // Leave the group: otherwise this instance's partitions stay undecided until the session times out (45 s).
            running.close(CloseOptions.timeout(CLOSE_TIMEOUT).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            metrics.close();
        }
    }

    @Override
    public boolean isRunning() {
        KafkaStreams running = streams;
        return running != null && !stopping && running.state() != KafkaStreams.State.NOT_RUNNING;
    }

    /** The streams' state, or CREATED before start. */
    KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.CREATED : running.state();
    }

    /** Dead: failed, or stopped without the application asking. */
    boolean isDead() {
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR
                || !stopping && (state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.PENDING_SHUTDOWN);
    }

    KafkaStreams streams() {
        KafkaStreams running = streams;
        if (running == null) {
            throw new IllegalStateException("the gate's streams have not started yet");
        }
        return running;
    }
}
