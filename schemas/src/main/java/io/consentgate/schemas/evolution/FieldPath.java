package io.consentgate.schemas.evolution;

import org.apache.avro.Schema;

/**
 * Turns Avro's compatibility location, a JSON pointer into the reader schema such as
 * {@code /fields/6/type/0/fields/3}, into a path a person reads: {@code ContactEvent.payload.OptIn.noticeHash}.
 */
final class FieldPath {

    private FieldPath() {
    }

    static String of(Schema schema, String pointer) {
        StringBuilder path = new StringBuilder(schema.getName());
        Schema at = schema;
        String[] steps = pointer.split("/");
        for (int i = 1; i < steps.length; i++) {
            String step = steps[i];
            switch (step) {
                case "fields" -> {
                    if (i + 1 >= steps.length) {
                        return path.toString();
                    }
                    Schema.Field field = at.getFields().get(Integer.parseInt(steps[++i]));
                    path.append('.').append(field.name());
                    at = field.schema();
                }
                case "type" -> {
                    // the step into a field's type adds nothing a person needs
                }
                case "items" -> at = at.getElementType();
                case "values" -> at = at.getValueType();
                case "symbols", "size", "name" -> {
                    return path.append(" (").append(step).append(')').toString();
                }
                default -> {
                    if (at.getType() == Schema.Type.UNION && step.chars().allMatch(Character::isDigit)) {
                        at = at.getTypes().get(Integer.parseInt(step));
                        if (at.getType() == Schema.Type.RECORD || at.getType() == Schema.Type.ENUM) {
                            path.append('.').append(at.getName());
                        }
                    } else {
                        return path.append(" (").append(pointer).append(')').toString();
                    }
                }
            }
        }
        return path.toString();
    }
}
