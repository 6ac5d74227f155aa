package io.consentgate.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * Avro reads a union branch it has no name for (one a newer writer added) into the first reader branch it fits, and
 * a record all of whose fields have defaults fits any record. Such a branch would turn an unknown event into one of
 * ours with made-up content (an empty complete template listing marks every template gone), so no branch of a
 * topic's unions may be one.
 */
class UnionBranchesTest {

    @Test
    void shouldGiveEveryRecordBranchOfAUnionAFieldWithoutADefault() {
        List<String> fitAnything = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Topic<?> topic : Topics.ALL) {
            walk(SpecificData.get().getSchema(topic.valueType()), false, seen, fitAnything);
        }

        assertThat(seen).as("the walk reached the unions' branches").contains("io.consentgate.avro.TemplatesListed");
        assertThat(fitAnything).as("union branches whose every field has a default").isEmpty();
    }

    private static void walk(Schema schema, boolean unionBranch, Set<String> seen, List<String> fitAnything) {
        switch (schema.getType()) {
            case RECORD -> {
                if (unionBranch && schema.getFields().stream().allMatch(Schema.Field::hasDefaultValue)) {
                    fitAnything.add(schema.getFullName());
                }
                if (seen.add(schema.getFullName())) {
                    schema.getFields().forEach(field -> walk(field.schema(), false, seen, fitAnything));
                }
            }
            case UNION -> {
                // An optional field's [null, X] is never widened (another kind of value is another field): only unions of
                // alternatives gain branches.
                boolean alternatives = schema.getTypes().stream().filter(branch -> branch.getType() != Schema.Type.NULL).count() > 1;
                schema.getTypes().forEach(branch -> walk(branch, alternatives, seen, fitAnything));
            }
            case ARRAY -> walk(schema.getElementType(), false, seen, fitAnything);
            case MAP -> walk(schema.getValueType(), false, seen, fitAnything);
            default -> { }
        }
    }
}
