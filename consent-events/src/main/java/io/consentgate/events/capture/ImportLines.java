package io.consentgate.events.capture;

import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import java.io.BufferedReader;
import java.io.IOException;
import io.consentgate.support.web.StrictJson;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The lines of an import, each as the JSON object of one opt-in or opt-out. NDJSON: one object per
 * line. CSV: a header row naming the same fields, then one record per row; {@code scopes} is written
 * {@code CATEGORY[:topic]} separated by {@code ;} (e.g. {@code UTILITY:order-updates;MARKETING}), and
 * an empty cell is an absent field.
 */
final class ImportLines {

    /** One line: its number and either its object or why it cannot be read. */
    record Line(long number, JsonNode object, InvalidRequestException error) {
    }

    private ImportLines() {
    }

    static void ndjson(Reader body, StrictJson json, Consumer<Line> lines) {
        BufferedReader reader = new BufferedReader(body);
        long number = 0;
        try {
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                String line = text;
                if (!line.isBlank()) {
                    lines.accept(parsed(number, () -> json.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the import", e);
        }
    }

    static void csv(Reader body, Consumer<Line> lines) {
        CsvRecords records = new CsvRecords(body);
        CsvRecords.CsvRecord header = records.next();
        if (header == null || header.error() != null || header.fields().stream().anyMatch(String::isBlank)) {
            throw new InvalidRequestException("the CSV import needs a header row naming its columns",
                    List.of(new FieldProblem("header", "expected e.g. type,contact,businessName,scopes,channel,noticeVersion,noticeHash,language,evidenceRef")));
        }
        List<String> columns = header.fields().stream().map(String::strip).toList();
        for (CsvRecords.CsvRecord record = records.next(); record != null; record = records.next()) {
            CsvRecords.CsvRecord row = record;
            lines.accept(parsed(row.line(), () -> objectOf(columns, row)));
        }
    }

    private static Line parsed(long number, Supplier<JsonNode> parse) {
        try {
            JsonNode object = parse.get();
            if (!object.isObject()) {
                throw new InvalidRequestException("not an object", List.of(new FieldProblem("$", "each line must be one JSON object")));
            }
            return new Line(number, object, null);
        } catch (InvalidRequestException e) {
            return new Line(number, null, e);
        }
    }

    private static JsonNode objectOf(List<String> columns, CsvRecords.CsvRecord row) {
        if (row.error() != null) {
            throw new InvalidRequestException(row.error(), List.of(new FieldProblem("$", row.error())));
        }
        if (row.fields().size() != columns.size()) {
            throw new InvalidRequestException("wrong number of cells", List.of(new FieldProblem("$",
                    "has " + row.fields().size() + " cells where the header has " + columns.size())));
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < columns.size(); i++) {
            String cell = row.fields().get(i);
            if (cell.isBlank()) {
                continue;
            }
            if (columns.get(i).equals("scopes")) {
                object.set("scopes", scopes(cell));
            } else {
                object.put(columns.get(i), cell.strip());
            }
        }
        return object;
    }

    private static ArrayNode scopes(String cell) {
        ArrayNode scopes = JsonNodeFactory.instance.arrayNode();
        for (String part : cell.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            ObjectNode scope = scopes.addObject();
            scope.put("category", (colon < 0 ? part : part.substring(0, colon)).strip());
            if (colon >= 0 && !part.substring(colon + 1).isBlank()) {
                scope.put("topic", part.substring(colon + 1).strip());
            }
        }
        return scopes;
    }
}
