package io.consentgate.support.streams;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The Kubernetes probes of a Kafka Streams service, the same for the gate and the projector: the readiness group's
 * {@code streams} ({@link ManagedStreams#isReady}) and the liveness group's {@code streamsLiveness} (DOWN once the
 * streams are dead, so the platform restarts the instance). Each shows the client's state.
 */
public final class StreamsProbes {

    private StreamsProbes() {
    }

    public static HealthIndicator readiness(ManagedStreams streams) {
        return () -> (streams.isReady() ? Health.up() : Health.outOfService()).withDetail("state", streams.state().name()).build();
    }

    public static HealthIndicator liveness(ManagedStreams streams) {
        return () -> (streams.isDead() ? Health.down() : Health.up()).withDetail("state", streams.state().name()).build();
    }
}
