package io.consentgate.gate.topology;

import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;

/**
 * What the topology needs besides the business policies and the clock.
 *
 * @param duplicateRetention how long a request id is remembered: a request id seen within it is a DUPLICATE_REQUEST
 * @param erasureHasher      the keyed hash under which an erased contact's remaining opt-outs are kept (the same key as the projector's)
 * @param fencePollInterval  how often parked requests are checked against their fetch fence (and the fences read)
 * @param fenceGapCheckAfter how long the fold may stand still below a fence before the gate checks whether anything is left to fold
 */
public record GateSettings(Duration duplicateRetention, ErasureHasher erasureHasher, Duration fencePollInterval, Duration fenceGapCheckAfter) {

    public GateSettings {
        positive("duplicate retention", duplicateRetention);
        positive("fence poll interval", fencePollInterval);
        positive("fence gap check delay", fenceGapCheckAfter);
    }

    private static void positive(String what, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
    }
}
