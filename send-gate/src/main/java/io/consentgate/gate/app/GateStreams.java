package io.consentgate.gate.app;

import io.consentgate.support.streams.ManagedStreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.springframework.context.SmartLifecycle;

/**
 * The gate's {@link KafkaStreams}, started and stopped with the application context (the gate advertises a fixed
 * port, so it need not wait for the web server). The life itself, dead-letter handlers included, is service-support's
 * {@link ManagedStreams}.
 */
final class GateStreams implements SmartLifecycle {

    private final ManagedStreams managed;
    private final Map<String, Object> config;

    GateStreams(Topology topology, Map<String, Object> config, MeterRegistry registry) {
        this.managed = new ManagedStreams("send-gate", topology, registry);
        this.config = Map.copyOf(config);
    }

    @Override
    public void start() {
        managed.start(config);
    }

    @Override
    public void stop() {
        managed.close();
    }

    @Override
    public boolean isRunning() {
        return managed.isRunning();
    }

    /** For the probes. */
    ManagedStreams managed() {
        return managed;
    }

    /** The streams' state, or CREATED before start. */
    KafkaStreams.State state() {
        return managed.state();
    }

    /** Dead: failed, or stopped without the application asking. */
    boolean isDead() {
        return managed.isDead();
    }

    KafkaStreams streams() {
        KafkaStreams running = managed.streams();
        if (running == null) {
            throw new IllegalStateException("the gate's streams have not started yet");
        }
        return running;
    }
}
