package io.consentgate.schemas.serde;

import static java.util.stream.Collectors.joining;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry in memory, for unit and TopologyTestDriver tests. It behaves as the real one where the serde
 * can tell: ids are registry-wide and assigned 1, 2, 3…; an identical schema keeps its id; the compatibility rule
 * (NONE until set, as on Apicurio) is enforced on register; failures are the same
 * {@link SchemaRegistryException}s as {@link RestSchemaRegistryClient} throws. Thread-safe.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private static final Set<String> LEVELS = Set.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    /** Schema id n is at index n - 1. */
    private final List<Schema> schemas = new ArrayList<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();
    private final Map<String, String> compatibilityBySubject = new HashMap<>();
    private String globalCompatibility = "NONE";

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            requireCompatible(subject, schema, versions);
            versions.add(schema);
        }
        if (!schemas.contains(schema)) {
            schemas.add(schema);
        }
        return schemas.indexOf(schema) + 1;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw SchemaRegistryException.unknownSchemaId(id);
        }
        return schemas.get(id - 1);
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        if (!versionsBySubject.getOrDefault(subject, List.of()).contains(schema)) {
            throw SchemaRegistryException.notRegistered(subject);
        }
        return schemas.indexOf(schema) + 1;
    }

    @Override
    public synchronized void setCompatibility(String subjectOrNullForGlobal, String level) {
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("unknown compatibility level " + level + ", expected one of " + LEVELS);
        }
        if (subjectOrNullForGlobal == null) {
            globalCompatibility = level;
        } else {
            compatibilityBySubject.put(subjectOrNullForGlobal, level);
        }
    }

    private void requireCompatible(String subject, Schema candidate, List<Schema> earlier) {
        String level = compatibilityBySubject.getOrDefault(subject, globalCompatibility);
        if (level.equals("NONE") || earlier.isEmpty()) {
            return;
        }
        List<Schema> checked = level.endsWith("_TRANSITIVE") ? earlier : List.of(earlier.getLast());
        for (Schema old : checked) {
            if (!level.startsWith("FORWARD")) {
                requireReadable(subject, candidate, old);
            }
            if (!level.startsWith("BACKWARD")) {
                requireReadable(subject, old, candidate);
            }
        }
    }

    private static void requireReadable(String subject, Schema reader, Schema writer) {
        SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.INCOMPATIBLE) {
            throw SchemaRegistryException.incompatible(subject, result.getIncompatibilities().stream()
                    .map(problem -> problem.getType() + " at " + problem.getLocation() + ": " + problem.getMessage())
                    .collect(joining("; ")));
        }
    }
}
