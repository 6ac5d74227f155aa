package io.consentgate.gate.topology;

/**
 * What the topology reports as it goes, for metrics and logs. The topology stays free of any
 * metrics library; the service plugs Micrometer in.
 */
public interface GateObserver {

    GateObserver NONE = new GateObserver() {
    };

    /** A decision leaves the topology; {@code latencyMillis} runs from the request's record timestamp. */
    default void decided(GateDecision decision, long latencyMillis) {
    }

    /** The business quota after an admission: unique contacts counted in the moving 24 h against the tier's limit. */
    default void quotaUsed(String businessId, int countedContacts, int limit) {
    }

    /**
     * Offsets {@code from} to {@code to} (exclusive) of a partition the fold reads (contact-events, or the gate's internal
     * topic of rerouted contact events) hold nothing the fold would see: skipped.
     */
    default void fenceGapSkipped(String topic, int partition, long from, long to) {
    }

    /**
     * A record of {@code topic} read on {@code partition} (at {@code offset}) whose key belongs on {@code home}: its
     * producer does not partition as Java's default partitioner does. It is rerouted to its home partition.
     */
    default void misrouted(String topic, int partition, long offset, int home) {
    }

    /**
     * A record that was read but cannot be used (an empty request, a contact event without a valid contact). No key:
     * a contact's key holds its phone number.
     */
    default void skipped(String topic, String reason) {
    }
}
