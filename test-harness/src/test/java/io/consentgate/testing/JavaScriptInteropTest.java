package io.consentgate.testing;

import static io.consentgate.schemas.Topics.CONTACT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consentgate.avro.ContactEvent;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.serde.AvroSerde;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our serde and Confluent's own JavaScript client ({@code @confluentinc/schemaregistry}, run by Node.js from
 * {@code src/test/js}) read each other's records through the same real registry.
 */
class JavaScriptInteropTest {

    private static final NodeScript INTEROP = new NodeScript("interop.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final ContactEvent OPT_IN = SampleEvents.webFormOptIn(new ContactKey("biz-1042", "+34612345678"));

    /**
     * {@link #OPT_IN} as the JavaScript client (avsc) shows it: the record union {@code payload} wrapped in an
     * object keyed by the branch's full name, nullable fields bare, timestamp-millis as a number of milliseconds.
     */
    private static final String OPT_IN_IN_JAVASCRIPT = """
            {
              "eventId": "evt-0b6c1d4e",
              "businessId": "biz-1042",
              "contact": "+34612345678",
              "occurredAt": 1780305330250,
              "recordedAt": 1780305330412,
              "source": "web-signup",
              "payload": {
                "io.consentgate.avro.OptIn": {
                  "consentId": "cns-7f3a9c2e",
                  "businessName": "Zapatería Lucía",
                  "scopes": [
                    {"category": "MARKETING", "topic": "weekly-offers"},
                    {"category": "UTILITY", "topic": null}
                  ],
                  "channel": "WEB_FORM",
                  "capturedBy": null,
                  "noticeVersion": "2026-03",
                  "noticeHash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                  "language": "es-ES",
                  "evidenceRef": "form-submission-48213",
                  "ipAddress": "203.0.113.42",
                  "userAgent": "Mozilla/5.0 (Android 14; Mobile)",
                  "expiresAt": 1843430400000
                }
              }
            }""";

    private final AvroSerde<ContactEvent> serde = AvroSerde.forTopic(CONTACT_EVENTS, SharedRegistry.client());

    @BeforeAll
    static void registerTheContract() {
        // The JavaScript writer uses the latest schema of the subject, as a producer outside this code base would.
        SharedRegistry.client().register(CONTACT_EVENTS.valueSubject(), ContactEvent.getClassSchema());
    }

    @Test
    void shouldLetTheConfluentJavaScriptClientReadWhatOurSerdeWrites() throws Exception {
        // Given an opt-in written by our serde
        byte[] written = serde.serializer().serialize(CONTACT_EVENTS.name(), OPT_IN);

        // When Confluent's JavaScript client reads it
        String read = INTEROP.run("deserialize", SharedRegistry.url(), CONTACT_EVENTS.name(), HexFormat.of().formatHex(written));

        // Then it sees the same field values
        assertThat(JSON.readTree(read)).isEqualTo(JSON.readTree(OPT_IN_IN_JAVASCRIPT));
    }

    @Test
    void shouldReadWhatTheConfluentJavaScriptClientWrites() throws Exception {
        // Given an opt-in written by Confluent's JavaScript client
        String compactJson = JSON.readTree(OPT_IN_IN_JAVASCRIPT).toString();
        String hex = INTEROP.run("serialize", SharedRegistry.url(), CONTACT_EVENTS.name(), compactJson);

        // When our serde reads it
        ContactEvent read = serde.deserializer().deserialize(CONTACT_EVENTS.name(), HexFormat.of().parseHex(hex));

        // Then it is the same event
        assertThat(read).isEqualTo(OPT_IN);
    }
}
