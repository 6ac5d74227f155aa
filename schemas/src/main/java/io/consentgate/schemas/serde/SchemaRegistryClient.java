package io.consentgate.schemas.serde;

import org.apache.avro.Schema;

/**
 * The calls the serde needs from a Confluent-compatible schema registry. Every failure is a
 * {@link SchemaRegistryException} whose message says what happened and what to do.
 *
 * <p>Implementations: {@link RestSchemaRegistryClient} for a real registry,
 * {@link InMemorySchemaRegistryClient} for unit and TopologyTestDriver tests.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} and returns its registry-wide id. Idempotent: an
     * identical schema gets the id it already has.
     *
     * @throws SchemaRegistryException {@code INCOMPATIBLE} when the subject's compatibility rule refuses it
     */
    int register(String subject, Schema schema);

    /**
     * The schema with this id, as it was registered (the writer schema of records that carry the id).
     *
     * @throws SchemaRegistryException {@code UNKNOWN_SCHEMA} when no schema has this id
     */
    Schema schemaById(int id);

    /**
     * The id of {@code schema} under {@code subject}, without registering it.
     *
     * @throws SchemaRegistryException {@code UNKNOWN_SCHEMA} when it is not registered there
     */
    int idOf(String subject, Schema schema);

    /**
     * Sets the compatibility rule (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL,
     * FULL_TRANSITIVE) of one subject, or the registry's default when {@code subjectOrNullForGlobal} is null.
     * On Apicurio 2.4 a subject's NONE does not override a stricter global rule: the global rule still applies.
     */
    void setCompatibility(String subjectOrNullForGlobal, String level);
}
