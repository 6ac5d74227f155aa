package io.consentgate.events.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void shouldNameTheSameFactWithTheSameVersion5Uuid() {
        String id = EventIds.forIdempotencyKey("acme-retail", "form-88213");

        assertThat(EventIds.forIdempotencyKey("acme-retail", "form-88213")).isEqualTo(id);
        assertThat(EventIds.forIdempotencyKey("other-business", "form-88213")).isNotEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(5);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
        // pinned, so that a producer in another language can check its implementation against it
        assertThat(EventIds.named("idempotency|acme-retail|form-88213")).isEqualTo(id);
    }
}
