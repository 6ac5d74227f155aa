package io.consentgate.domain.state;

import io.consentgate.avro.MessageCategory;
import java.time.Instant;

/** An approved send, remembered for the frequency caps. */
public record SentMessage(MessageCategory category, Instant at) {
}
