package io.consentgate.domain.properties;

import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The providers every property class over contact histories names in {@code @ForAll("…")}; jqwik finds inherited ones. */
interface HistoryProviders {

    @Provide
    default Arbitrary<List<ContactEvent>> histories() {
        return ContactHistories.histories();
    }

    @Provide
    default Arbitrary<ConsentScope> scopes() {
        return ContactHistories.scopes();
    }

    @Provide
    default Arbitrary<SendRequest> requests() {
        return ContactHistories.requests();
    }

    @Provide
    default Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }
}
