package io.consentgate.gate.app;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health of the gate's streams for the probes: ready only while RUNNING; alive unless they failed. */
final class StreamsHealth {

    private StreamsHealth() {
    }

    /** The readiness group's {@code streams}: a gate that is rebalancing or restoring takes no traffic. */
    static HealthIndicator readiness(GateStreams streams) {
        return () -> {
            var state = streams.state();
            return (state == org.apache.kafka.streams.KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService())
                    .withDetail("state", state.name()).build();
        };
    }

    /** The liveness group's {@code streamsLiveness}: DOWN once the streams are dead, so the platform restarts the instance. */
    static HealthIndicator liveness(GateStreams streams) {
        return () -> (streams.isDead() ? Health.down() : Health.up()).withDetail("state", streams.state().name()).build();
    }
}
