package io.consentgate.projector.query;

import org.apache.kafka.streams.state.HostInfo;

/** Where a contact's state is held: in one partition of this instance, or on another instance. */
public sealed interface ContactLocation {

    record Local(int partition) implements ContactLocation {
    }

    record Remote(HostInfo host) implements ContactLocation {
    }
}
