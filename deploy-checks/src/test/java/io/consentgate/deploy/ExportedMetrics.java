package io.consentgate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * deploy/metrics.txt: the metrics the dashboards and rules may use, each with who exports it.
 * The one place metric names are listed; its header says how it is kept true.
 */
final class ExportedMetrics {

    /** One line: the Prometheus name, its exporter, the kind of meter and its source (a Micrometer meter name for counter, timer, gauge). */
    record Metric(String name, String exporter, String kind, String source) {

        boolean isMicrometerMeter() {
            return switch (kind) {
                case "counter", "timer", "gauge" -> true;
                default -> false;
            };
        }

        /** The names Micrometer's Prometheus registry gives the meter. */
        List<String> prometheusNames() {
            String base = source.replace('.', '_');
            return switch (kind) {
                case "counter" -> List.of(base + "_total");
                case "timer" -> List.of(base + "_seconds_bucket", base + "_seconds_count", base + "_seconds_sum", base + "_seconds_max");
                case "gauge" -> List.of(base);
                default -> List.of();
            };
        }
    }

    private ExportedMetrics() {
    }

    /** By Prometheus name. */
    static Map<String, Metric> read() {
        try {
            Map<String, Metric> metrics = new TreeMap<>();
            for (String line : Files.readAllLines(Repository.EXPORTED_METRICS)) {
                String content = line.replaceAll("#.*", "").strip();
                if (content.isEmpty()) {
                    continue;
                }
                String[] fields = content.split("\\s+", 5);
                if (fields.length < 4) {
                    throw new IllegalStateException("deploy/metrics.txt: \"" + line + "\" needs a metric name, its exporter, a kind and a source");
                }
                if (metrics.put(fields[0], new Metric(fields[0], fields[1], fields[2], fields[3])) != null) {
                    throw new IllegalStateException("deploy/metrics.txt lists " + fields[0] + " twice");
                }
            }
            return metrics;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
