package io.consentgate.schemas.serde;

import java.net.URI;

/**
 * A schema-registry call failed. The message says what happened and what to do; {@link #reason()} tells a
 * record that names an unknown schema (dead-letter it) from a registry that is down or misconfigured (stop
 * and retry later).
 */
public final class SchemaRegistryException extends RuntimeException {

    /** Why a call failed. */
    public enum Reason {
        /** The registry could not be reached, or kept answering 5xx or 429, on every attempt. Transient. */
        UNAVAILABLE,
        /** The registry refused the credentials (401 or 403). */
        UNAUTHORIZED,
        /** The schema breaks the subject's compatibility rule (409). */
        INCOMPATIBLE,
        /** No schema has that id, or the schema is not registered under that subject (404). */
        UNKNOWN_SCHEMA,
        /** Any other answer. */
        UNEXPECTED_RESPONSE
    }

    private final Reason reason;

    SchemaRegistryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static SchemaRegistryException unreachable(URI url, int attempts, Exception cause) {
        return new SchemaRegistryException(Reason.UNAVAILABLE, "schema registry unreachable at " + url + " after "
                + attempts + " attempts (" + cause + "): check that it is running and that schema.registry.url points at it",
                cause);
    }

    static SchemaRegistryException unavailable(URI url, int attempts, int status, String body) {
        return new SchemaRegistryException(Reason.UNAVAILABLE, "schema registry at " + url + " still answered HTTP "
                + status + " after " + attempts + " attempts: " + body + "; it is failing or overloaded, try again later",
                null);
    }

    static SchemaRegistryException unauthorized(URI url, int status, String call) {
        return new SchemaRegistryException(Reason.UNAUTHORIZED, "schema registry at " + url + " refused " + call
                + " with HTTP " + status + ": check the registry credentials (basic.auth.user.info or bearer.auth.token)",
                null);
    }

    static SchemaRegistryException incompatible(String subject, String registryMessage) {
        return new SchemaRegistryException(Reason.INCOMPATIBLE, "schema for subject '" + subject
                + "' is incompatible with its earlier versions: " + registryMessage
                + ". Make the change compatible (e.g. give a new field a default) or use a new subject", null);
    }

    static SchemaRegistryException unknownSchemaId(int id) {
        return new SchemaRegistryException(Reason.UNKNOWN_SCHEMA, "unknown schema id " + id
                + ": the registry has no schema with that id (was the record written against another registry?)", null);
    }

    static SchemaRegistryException notRegistered(String subject) {
        return new SchemaRegistryException(Reason.UNKNOWN_SCHEMA, "the schema is not registered under subject '"
                + subject + "': register it first, or let the serializer do it (auto.register.schemas=true)", null);
    }

    static SchemaRegistryException unexpected(String call, int status, String body) {
        return new SchemaRegistryException(Reason.UNEXPECTED_RESPONSE,
                "schema registry answered HTTP " + status + " to " + call + ": " + body, null);
    }
}
