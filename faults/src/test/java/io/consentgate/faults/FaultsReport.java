package io.consentgate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's report: every scenario's result as it completes, printed as a row, and rewritten each time to
 * {@code target/faults/report.json} (one object per scenario) and {@code target/faults/report.md} (the table the
 * docs keep). {@link FaultsReportListener} prints the whole table once every scenario has run.
 */
final class FaultsReport {

    private static final List<ScenarioResult> RESULTS = new ArrayList<>();
    private static final String HEADER = "| scenario | requests/s | seconds | faults | requests | decisions | lost | duplicated | wrong | passed |";
    private static final String RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    private FaultsReport() {
    }

    /** Adds a scenario's result (call it before asserting, so that a failed scenario is reported too). */
    static synchronized ScenarioResult record(ScenarioResult result) {
        RESULTS.add(result);
        System.out.println("[faults] " + row(result));
        if (!result.passed()) {
            FailureEvidence.print(result.scenario());
        }
        write();
        return result;
    }

    static synchronized String table() {
        StringBuilder table = new StringBuilder(HEADER).append('\n').append(RULE).append('\n');
        RESULTS.forEach(result -> table.append(row(result)).append('\n'));
        List<ScenarioResult> withFigures = RESULTS.stream().filter(r -> !r.figures().isEmpty() || !r.note().isBlank()).toList();
        if (!withFigures.isEmpty()) {
            table.append('\n');
            for (ScenarioResult result : withFigures) {
                table.append("- **").append(result.scenario()).append("**: ");
                List<String> parts = new ArrayList<>();
                result.figures().forEach((name, value) -> parts.add(name + " " + number(value)));
                if (!result.note().isBlank()) {
                    parts.add(result.note());
                }
                table.append(String.join("; ", parts)).append('\n');
            }
        }
        return table.toString();
    }

    static synchronized boolean isEmpty() {
        return RESULTS.isEmpty();
    }

    static Path folder() {
        return Path.of(System.getProperty("faults.report.dir", "target/faults"));
    }

    private static String row(ScenarioResult r) {
        return String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %d | %d | %d | %d | %s |", r.scenario(), number(r.requestsPerS()),
                number(r.seconds()), r.faults(), r.requests(), r.decisions(), r.lost(), r.duplicated(), r.wrong(), r.passed() ? "yes" : "**NO**");
    }

    private static String number(Number value) {
        double d = value.doubleValue();
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static void write() {
        try {
            Files.createDirectories(folder());
            Files.writeString(folder().resolve("report.json"), json());
            Files.writeString(folder().resolve("report.md"), table());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the faults report into " + folder(), e);
        }
    }

    private static String json() {
        List<String> objects = new ArrayList<>();
        for (ScenarioResult r : RESULTS) {
            StringBuilder object = new StringBuilder("  {");
            field(object, "scenario", quoted(r.scenario()));
            field(object, "requests_per_s", number(r.requestsPerS()));
            field(object, "seconds", number(r.seconds()));
            field(object, "faults", Integer.toString(r.faults()));
            field(object, "requests", Long.toString(r.requests()));
            field(object, "decisions", Long.toString(r.decisions()));
            field(object, "lost", Long.toString(r.lost()));
            field(object, "duplicated", Long.toString(r.duplicated()));
            field(object, "wrong", Long.toString(r.wrong()));
            field(object, "passed", Boolean.toString(r.passed()));
            for (Map.Entry<String, Number> figure : r.figures().entrySet()) {
                field(object, figure.getKey(), number(figure.getValue()));
            }
            field(object, "note", quoted(r.note()));
            object.setLength(object.length() - 2);
            objects.add(object.append('}').toString());
        }
        return "[\n" + String.join(",\n", objects) + "\n]\n";
    }

    private static void field(StringBuilder object, String name, String value) {
        object.append(quoted(name)).append(": ").append(value).append(", ");
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
