package io.consentgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/** Reads the YAML and JSON files under test as Jackson trees. */
final class Documents {

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private Documents() {
    }

    /**
     * A YAML file as its consumer sees it: SnakeYAML resolves anchors, aliases and merge keys ({@code <<}),
     * which docker-compose.yml uses and Jackson's YAML reader leaves unresolved.
     */
    static JsonNode yaml(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            return JSON.valueToTree(new Yaml().load(reader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as YAML", e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " as JSON", e);
        }
    }

    /** Every non-empty document of a multi-document YAML stream, such as helm template's output. */
    static List<JsonNode> yamlDocuments(String text) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
            return documents.readAll().stream().filter(Objects::nonNull).filter(node -> !node.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rendered manifests as YAML", e);
        }
    }
}
