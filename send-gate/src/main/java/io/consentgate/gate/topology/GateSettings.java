package io.consentgate.gate.topology;

import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;

/**
 * What the topology needs besides the business policies and the clock.
 *
 * @param duplicateRetention how long a request id is remembered: a request id seen within it is a DUPLICATE_REQUEST
 * @param erasureHasher      the keyed hash under which an erased contact's remaining opt-outs are kept (the same key as the projector's)
 */
public record GateSettings(Duration duplicateRetention, ErasureHasher erasureHasher) {

    public GateSettings {
        if (duplicateRetention.isNegative() || duplicateRetention.isZero()) {
            throw new IllegalArgumentException("duplicate retention must be positive, was " + duplicateRetention);
        }
    }
}
