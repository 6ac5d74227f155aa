package io.consentgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Every PromQL expression the dashboards and the alert rules run, and where it is written. */
record MonitoringQueries(List<Query> queries, Set<String> recordedNames) {

    record Query(String where, String expression) {
    }

    static MonitoringQueries read() {
        List<Query> queries = new ArrayList<>();
        Set<String> recorded = new TreeSet<>();
        for (JsonNode group : Documents.yaml(Repository.ALERT_RULES).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("record") ? rule.path("record").asText() : rule.path("alert").asText();
                if (rule.has("record")) {
                    recorded.add(name);
                }
                queries.add(new Query("alerts.yml " + name, rule.path("expr").asText()));
            }
        }
        for (Path dashboard : dashboards()) {
            collectExpressions(dashboard.getFileName().toString(), Documents.json(dashboard), queries);
        }
        return new MonitoringQueries(List.copyOf(queries), Set.copyOf(recorded));
    }

    static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(Repository.DASHBOARDS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Panel targets and annotation queries alike carry their PromQL in an "expr" field. */
    private static void collectExpressions(String where, JsonNode node, List<Query> into) {
        if (node.isObject()) {
            JsonNode expr = node.get("expr");
            if (expr != null && expr.isTextual()) {
                into.add(new Query(where + " \"" + node.path("legendFormat").asText(node.path("name").asText()) + "\"", expr.asText()));
            }
            node.forEach(child -> collectExpressions(where, child, into));
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(where, child, into));
        }
    }

    /** The metric names selected anywhere, less the ones the rules record themselves. */
    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        queries.forEach(query -> names.addAll(PromQl.metricNames(query.expression())));
        names.removeAll(recordedNames);
        return names;
    }
}
