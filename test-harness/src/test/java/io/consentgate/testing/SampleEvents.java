package io.consentgate.testing;

import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.ContactKey;
import io.consentgate.testing.contract.ContactEvents;
import java.time.Instant;
import java.util.List;

/** Realistic contract records for the harness's own tests, from the contract-fixtures kit. */
final class SampleEvents {

    /** A web-form opt-in to marketing offers and order updates, with its proof. */
    static ContactEvent webFormOptIn(ContactKey key) {
        List<ConsentScope> scopes = List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers"), new ConsentScope(ConsentCategory.UTILITY, null));
        return ContactEvents.event(key.businessId(), key.contact(), "evt-0b6c1d4e",
                Instant.parse("2026-06-01T09:15:30.250Z"), Instant.parse("2026-06-01T09:15:30.412Z"), "web-signup",
                ContactEvents.webFormOptIn("cns-7f3a9c2e", ContactEvents.BUSINESS_NAME, scopes, "form-submission-48213")
                        .setIpAddress("203.0.113.42")
                        .setUserAgent("Mozilla/5.0 (Android 14; Mobile)")
                        .setExpiresAt(Instant.parse("2028-06-01T00:00:00Z"))
                        .build());
    }

    private SampleEvents() {
    }
}
