package io.consentgate.testing;

import static io.consentgate.schemas.Topics.CONTACT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.schemas.serde.AvroSerde;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryException;
import io.consentgate.schemas.serde.SchemaRegistryException.Reason;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The serde's error paths, as the real registry produces them. */
class SchemaRegistryErrorsTest {

    private final SchemaRegistryClient registry = SharedRegistry.client();

    @Test
    void shouldRefuseABackwardIncompatibleSchemaWithTheRegistrysMessage() {
        // Given a subject with a first version (a subject of this test's own: the registry is shared)
        String subject = "compatibility-probe-" + UUID.randomUUID() + "-value";
        registry.register(subject, record("""
                {"name": "eventId", "type": "string"}"""));

        // When a version that adds a field without a default is registered (old records cannot be read with it)
        Schema incompatible = record("""
                {"name": "eventId", "type": "string"}, {"name": "tenantId", "type": "string"}""");

        // Then the registry refuses it, and the error passes on what the registry said
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INCOMPATIBLE);
                    assertThat(e.getMessage()).contains(subject, "Incompatible artifact", "tenantId");
                });
    }

    @Test
    void shouldReportAnUnknownSchemaIdWhenARecordNamesOne() {
        // Given a record in the wire format whose schema id the registry never issued
        int unknownId = 987_654;
        byte[] wire = {0, 0x00, 0x0f, 0x12, 0x06, 0x02};

        // When the serde reads it
        var deserializer = AvroSerde.forTopic(CONTACT_EVENTS, registry).deserializer();

        // Then it says which id is unknown, and the cause tells it apart from a registry that is down
        assertThatThrownBy(() -> deserializer.deserialize(CONTACT_EVENTS.name(), wire))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown schema id " + unknownId)
                .cause()
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA));
    }

    private static Schema record(String fields) {
        return new Schema.Parser().parse("""
                {"type": "record", "name": "CompatibilityProbe", "namespace": "io.consentgate.test", "fields": [%s]}"""
                .formatted(fields));
    }
}
