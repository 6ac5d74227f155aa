package io.consentgate.schemas.evolution;

import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.specific.SpecificData;

/**
 * Fails the build when a topic's value schema can no longer read what its last released version
 * wrote (BACKWARD compatibility, the registry's rule), naming each field at fault.
 *
 * <p>The released versions live in {@code schemas/released/<subject>.avsc}. Run with
 * {@code --release} to record the current schemas as released (do that when a version ships).
 */
public final class SchemaEvolutionCheck {

    private final Path releasedDir;

    public SchemaEvolutionCheck(Path releasedDir) {
        this.releasedDir = releasedDir;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: SchemaEvolutionCheck <released-dir> [--release]");
        }
        SchemaEvolutionCheck check = new SchemaEvolutionCheck(Path.of(args[0]));
        if (args.length > 1 && args[1].equals("--release")) {
            check.recordReleased();
            return;
        }
        List<String> problems = check.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Backward-incompatible schema change: readers of the new schema could not read "
                    + "records written with the released one.\n  " + String.join("\n  ", problems)
                    + "\nGive new fields a default, keep removed fields' defaults, add enum symbols only with a default symbol; "
                    + "see schemas/README.md.");
        }
    }

    /** One line per incompatibility over every topic in the registry, empty when all are compatible. */
    public List<String> problems() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Topic<?> topic : Topics.ALL) {
            Path released = releasedFile(topic);
            if (!Files.exists(released)) {
                problems.add(topic.valueSubject() + ": no released version at " + released
                        + " (record it with -Dschemas.release)");
                continue;
            }
            Schema releasedSchema = new Schema.Parser().parse(released.toFile());
            for (String problem : incompatibilities(currentSchema(topic), releasedSchema)) {
                problems.add(topic.valueSubject() + ": " + problem);
            }
        }
        return problems;
    }

    /**
     * How {@code current}, as a reader, fails to read data written with {@code released}: one line
     * per problem, with the dotted path of the field at fault.
     */
    public static List<String> incompatibilities(Schema current, Schema released) {
        return incompatibilities(current, released, "");
    }

    private static List<String> incompatibilities(Schema current, Schema released, String prefix) {
        List<String> lines = new ArrayList<>();
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, released).getResult();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            String path = prefix + FieldPath.of(current, incompatibility.getLocation());
            Schema writerBranch = writerBranch(incompatibility);
            Schema readerBranch = writerBranch == null ? null : sameNamed(incompatibility.getReaderFragment(), writerBranch);
            if (readerBranch != null) {
                // Avro only says "reader union lacking writer type" when a union branch changed
                // incompatibly: compare the branch itself to name the field at fault.
                lines.addAll(incompatibilities(readerBranch, writerBranch, path + " -> "));
            } else {
                lines.add(incompatibility.getType() + " at " + path + ": " + incompatibility.getMessage());
            }
        }
        return lines;
    }

    /** The writer's union branch a MISSING_UNION_BRANCH is about: the last step of its location. */
    private static Schema writerBranch(Incompatibility incompatibility) {
        Schema writer = incompatibility.getWriterFragment();
        String location = incompatibility.getLocation();
        String last = location.substring(location.lastIndexOf('/') + 1);
        if (writer.getType() != Schema.Type.UNION || last.isEmpty() || !last.chars().allMatch(Character::isDigit)) {
            return null;
        }
        Schema branch = writer.getTypes().get(Integer.parseInt(last));
        return branch.getType() == Schema.Type.RECORD ? branch : null;
    }

    private static Schema sameNamed(Schema readerUnion, Schema writerBranch) {
        if (readerUnion.getType() != Schema.Type.UNION) {
            return null;
        }
        return readerUnion.getTypes().stream()
                .filter(branch -> branch.getFullName().equals(writerBranch.getFullName()))
                .findFirst().orElse(null);
    }

    void recordReleased() throws IOException {
        Files.createDirectories(releasedDir);
        for (Topic<?> topic : Topics.ALL) {
            Files.writeString(releasedFile(topic), currentSchema(topic).toString(true) + "\n");
        }
    }

    private Path releasedFile(Topic<?> topic) {
        return releasedDir.resolve(topic.valueSubject() + ".avsc");
    }

    private static Schema currentSchema(Topic<?> topic) {
        return SpecificData.get().getSchema(topic.valueType());
    }
}
