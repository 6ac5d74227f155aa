package io.consentgate.domain.state;

import static io.consentgate.domain.Fixtures.FOLD;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.erasure;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.failed;
import static io.consentgate.domain.Fixtures.hoursAfterT0;
import static io.consentgate.domain.Fixtures.inboundFromAd;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.optOut;
import static io.consentgate.domain.Fixtures.scopes;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.MessageCategory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ContactFactsAvroTest {

    @Test
    void shouldSurviveTheTripThroughTheContractsContactState() throws Exception {
        // Given a state with every part filled in
        ContactFacts state = FOLD.apply(null, event("e1", T0, optIn("c1", scopes(ConsentCategory.UTILITY), hoursAfterT0(1000))));
        state = FOLD.apply(state, event("e2", T0, optOut(ConsentCategory.MARKETING)));
        state = FOLD.apply(state, event("e3", T0, inboundFromAd("m1")));
        state = FOLD.apply(state, event("e4", T0, failed(131049, 131047)));
        state = FOLD.apply(state, event("e5", T0.plusSeconds(1), failed(131026, 131056)));
        state = FOLD.recordSend(state, MessageCategory.MARKETING, T0);

        // When it is written as Avro bytes and read back
        ByteBuffer bytes = ContactFactsAvro.toAvro(state).toByteBuffer();
        ContactFacts back = ContactFactsAvro.fromAvro(ContactState.fromByteBuffer(bytes));

        // Then
        assertThat(back).isEqualTo(state);
    }

    @Test
    void shouldWriteAnErasedStateWithoutTheContact() {
        ContactFacts erased = FOLD.apply(FOLD.apply(null, event("e1", T0, optOut(ConsentCategory.ALL))), event("e2", T0, erasure()));

        ContactState avro = ContactFactsAvro.toAvro(erased);

        assertThat(avro.getContact()).isNull();
        assertThat(avro.getContactHash()).isNotBlank();
        assertThat(ContactFactsAvro.fromAvro(avro)).isEqualTo(erased);
    }
}
