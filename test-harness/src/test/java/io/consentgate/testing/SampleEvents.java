package io.consentgate.testing;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptIn;
import io.consentgate.schemas.ContactKey;
import java.time.Instant;
import java.util.List;

/** Realistic contract records for the harness's own tests. */
final class SampleEvents {

    /** A web-form opt-in to marketing offers and order updates, with its proof. */
    static ContactEvent webFormOptIn(ContactKey key) {
        OptIn optIn = OptIn.newBuilder()
                .setConsentId("cns-7f3a9c2e")
                .setBusinessName("Zapatería Lucía")
                .setScopes(List.of(
                        ConsentScope.newBuilder().setCategory(ConsentCategory.MARKETING).setTopic("weekly-offers").build(),
                        ConsentScope.newBuilder().setCategory(ConsentCategory.UTILITY).setTopic(null).build()))
                .setChannel(Channel.WEB_FORM)
                .setCapturedBy(null)
                .setNoticeVersion("2026-03")
                .setNoticeHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setLanguage("es-ES")
                .setEvidenceRef("form-submission-48213")
                .setIpAddress("203.0.113.42")
                .setUserAgent("Mozilla/5.0 (Android 14; Mobile)")
                .setExpiresAt(Instant.parse("2028-06-01T00:00:00Z"))
                .build();
        return ContactEvent.newBuilder()
                .setEventId("evt-0b6c1d4e")
                .setBusinessId(key.businessId())
                .setContact(key.contact())
                .setOccurredAt(Instant.parse("2026-06-01T09:15:30.250Z"))
                .setRecordedAt(Instant.parse("2026-06-01T09:15:30.412Z"))
                .setSource("web-signup")
                .setPayload(optIn)
                .build();
    }

    private SampleEvents() {
    }
}
