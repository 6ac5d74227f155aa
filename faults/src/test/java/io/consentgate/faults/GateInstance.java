package io.consentgate.faults;

import java.util.Map;

/**
 * A gate instance's own settings, as the Helm chart gives them to each pod of the StatefulSet: its stable name as the
 * consumer group's static member id (docs/ordering.md, "Failover and restarts": a restarted instance takes its partitions back
 * at once instead of after the dead member's session timeout).
 */
final class GateInstance {

    private GateInstance() {
    }

    static Map<String, String> settings(String name) {
        return Map.of("spring.kafka.streams.properties.group.instance.id", name);
    }
}
