package io.consentgate.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaEvolutionCheckTest {

    private static final String RELEASED = """
            {"type": "record", "name": "Envelope", "namespace": "t", "fields": [
              {"name": "id", "type": "string"},
              {"name": "payload", "type": [
                {"type": "record", "name": "OptIn", "fields": [{"name": "consentId", "type": "string"}]},
                {"type": "record", "name": "OptOut", "fields": [{"name": "count", "type": "int"}]}]},
              {"name": "tags", "type": {"type": "array", "items":
                {"type": "record", "name": "Tag", "fields": [{"name": "label", "type": "string"}]}}}
            ]}""";

    @Test
    void shouldAcceptAFieldAddedWithADefault() {
        Schema current = parse(RELEASED.replace(
                "{\"name\": \"id\", \"type\": \"string\"}",
                "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"note\", \"type\": [\"null\", \"string\"], \"default\": null}"));

        assertThat(SchemaEvolutionCheck.incompatibilities(current, parse(RELEASED))).isEmpty();
    }

    @Test
    void shouldNameAFieldAddedWithoutADefaultInsideAUnionBranch() {
        Schema current = parse(RELEASED.replace(
                "[{\"name\": \"consentId\", \"type\": \"string\"}]",
                "[{\"name\": \"consentId\", \"type\": \"string\"}, {\"name\": \"proofSignature\", \"type\": \"string\"}]"));

        assertThat(SchemaEvolutionCheck.incompatibilities(current, parse(RELEASED)))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("Envelope.payload.OptIn")
                .contains("proofSignature");
    }

    @Test
    void shouldNameAFieldWhoseTypeChangedInsideAnArray() {
        Schema current = parse(RELEASED.replace("{\"name\": \"label\", \"type\": \"string\"}", "{\"name\": \"label\", \"type\": \"int\"}"));

        assertThat(SchemaEvolutionCheck.incompatibilities(current, parse(RELEASED)))
                .singleElement().asString()
                .contains("TYPE_MISMATCH")
                .contains("Envelope.tags.label");
    }

    @Test
    void shouldPassForTheReleasedSchemasOfTheRepository() throws Exception {
        SchemaEvolutionCheck check = new SchemaEvolutionCheck(Path.of("released"));

        assertThat(check.problems()).isEmpty();
    }

    @Test
    void shouldFailNamingTheSubjectWhenNoReleasedVersionIsRecorded(@TempDir Path empty) throws Exception {
        assertThat(new SchemaEvolutionCheck(empty).problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("contact-events-value: no released version"));
    }

    @Test
    void shouldRecordReleasedVersionsThatThenPassTheCheck(@TempDir Path dir) throws Exception {
        SchemaEvolutionCheck check = new SchemaEvolutionCheck(dir);

        check.recordReleased();

        assertThat(Files.list(dir)).hasSize(6);
        assertThat(check.problems()).isEmpty();
    }

    @Test
    void shouldFailTheBuildWithTheFieldInTheMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("x"), "");
        assertThatThrownBy(() -> SchemaEvolutionCheck.main(new String[] {dir.toString()}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Backward-incompatible schema change")
                .hasMessageContaining("consent-state-value: no released version");
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
