package io.consentgate.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.schemas.serde.SchemaRegistryException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {

    private static final String SUBJECT = "greetings-value";

    private static final Schema GREETING_V1 = SchemaBuilder.record("Greeting").namespace("test").fields()
            .requiredString("text").endRecord();
    private static final Schema GREETING_V2_WITH_DEFAULT = SchemaBuilder.record("Greeting").namespace("test").fields()
            .requiredString("text").name("language").type().stringType().stringDefault("en").endRecord();
    private static final Schema GREETING_V2_WITHOUT_DEFAULT = SchemaBuilder.record("Greeting").namespace("test").fields()
            .requiredString("text").requiredString("language").endRecord();

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldAssignIdsInOrderAndKeepThemForIdenticalSchemas() {
        // When
        int first = registry.register(SUBJECT, GREETING_V1);
        int second = registry.register(SUBJECT, GREETING_V2_WITH_DEFAULT);
        int again = registry.register(SUBJECT, GREETING_V1);
        int elsewhere = registry.register("farewells-value", GREETING_V1);

        // Then
        assertThat(first).isEqualTo(1);
        assertThat(second).isEqualTo(2);
        assertThat(again).isEqualTo(1);
        assertThat(elsewhere).isEqualTo(1);
        assertThat(registry.schemaById(2)).isEqualTo(GREETING_V2_WITH_DEFAULT);
        assertThat(registry.idOf(SUBJECT, GREETING_V2_WITH_DEFAULT)).isEqualTo(2);
    }

    @Test
    void shouldRefuseABackwardIncompatibleSchemaWhenCompatibilityIsBackward() {
        // Given
        registry.setCompatibility(null, "BACKWARD");
        registry.register(SUBJECT, GREETING_V1);

        // When / Then
        assertThatThrownBy(() -> registry.register(SUBJECT, GREETING_V2_WITHOUT_DEFAULT))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("subject 'greetings-value' is incompatible with its earlier versions")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .hasMessageContaining("language")
                .extracting(e -> ((SchemaRegistryException) e).reason()).isEqualTo(Reason.INCOMPATIBLE);
        assertThat(registry.register(SUBJECT, GREETING_V2_WITH_DEFAULT)).isEqualTo(2);
    }

    @Test
    void shouldAcceptAnyChangeUntilACompatibilityRuleIsSet() {
        // Given
        registry.register(SUBJECT, GREETING_V1);

        // When
        int id = registry.register(SUBJECT, GREETING_V2_WITHOUT_DEFAULT);

        // Then
        assertThat(id).isEqualTo(2);
    }

    @Test
    void shouldApplyASubjectsOwnRuleOverTheGlobalOne() {
        // Given
        registry.setCompatibility(null, "BACKWARD");
        registry.setCompatibility(SUBJECT, "NONE");
        registry.register(SUBJECT, GREETING_V1);

        // When
        int id = registry.register(SUBJECT, GREETING_V2_WITHOUT_DEFAULT);

        // Then
        assertThat(id).isEqualTo(2);
        assertThatThrownBy(() -> registry.setCompatibility(SUBJECT, "SIDEWAYS"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIDEWAYS");
    }

    @Test
    void shouldAnswerUnknownSchemasLikeARealRegistry() {
        // Given
        registry.register(SUBJECT, GREETING_V1);

        // When / Then
        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOf(SchemaRegistryException.class).hasMessageStartingWith("unknown schema id 99");
        assertThatThrownBy(() -> registry.idOf(SUBJECT, GREETING_V2_WITH_DEFAULT))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("not registered under subject 'greetings-value'");
    }
}
