package io.consentgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** JSON schemas committed under src/test/resources/schemas (see ORIGIN.md there), loaded once each. */
final class JsonSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The violations of {@code document} against the schema at {@code resource}, as readable lines; empty when valid. */
    static List<String> violations(String resource, JsonNode document) {
        return LOADED.computeIfAbsent(resource, JsonSchemas::load).validate(document).stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .toList();
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream("/schemas/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + resource + " under src/test/resources/schemas");
            }
            ObjectNode schema = (ObjectNode) Documents.JSON.readTree(in);
            // All of them are draft-07-compatible; their own $schema/$id spellings (an https draft-07 URI, a
            // relative id) would send the validator looking for meta-schemas on the network.
            schema.remove(List.of("$schema", "$id"));
            return FACTORY.getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + resource, e);
        }
    }
}
