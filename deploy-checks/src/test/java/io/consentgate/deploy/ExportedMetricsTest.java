package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.deploy.ExportedMetrics.Metric;
import io.consentgate.deploy.MonitoringQueries.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A dashboard or rule that names a metric nobody exports shows an empty panel, or an alert that can
 * never fire, silently. deploy/metrics.txt lists what the services export; every name used must be
 * on it, and every meter on it must be in its service's code.
 */
class ExportedMetricsTest {

    private static final Map<String, List<String>> MODULES_OF_EXPORTER = Map.of(
            "consent-events", List.of("consent-events"),
            "consent-projector", List.of("consent-projector"),
            "send-gate", List.of("send-gate"),
            "all", List.of("service-support", "consent-events", "consent-projector", "send-gate"),
            "prometheus", List.of());

    private final MonitoringQueries monitoring = MonitoringQueries.read();
    private final Map<String, Metric> exported = ExportedMetrics.read();

    @Test
    void shouldNameOnlyMetricsTheServicesExport() {
        // Given every query of the dashboards and rules
        // When
        Map<String, String> unknownByQuery = new TreeMap<>();
        for (Query query : monitoring.queries()) {
            Set<String> unknown = new TreeSet<>(PromQl.metricNames(query.expression()));
            unknown.removeAll(exported.keySet());
            unknown.removeAll(monitoring.recordedNames());
            if (!unknown.isEmpty()) {
                unknownByQuery.put(query.where(), String.join(", ", unknown));
            }
        }

        // Then
        assertThat(unknownByQuery)
                .as("metrics named by a dashboard or rule but not in deploy/metrics.txt: use the name the service exports, or add the meter to the service first")
                .isEmpty();
    }

    @Test
    void shouldListOnlyMetricsThatADashboardOrRuleUses() {
        // Given
        Set<String> used = monitoring.metricNames();

        // When
        Set<String> unused = new TreeSet<>(exported.keySet());
        unused.removeAll(used);

        // Then
        assertThat(unused).as("lines of deploy/metrics.txt that nothing uses: remove them").isEmpty();
    }

    @Test
    void shouldSayWhoExportsEachMetricAndHow() {
        // Given / When / Then
        assertThat(exported.values()).allSatisfy(metric -> {
            assertThat(MODULES_OF_EXPORTER).as(metric.name() + " exporter").containsKey(metric.exporter());
            assertThat(metric.kind()).as(metric.name() + " kind").isIn("counter", "timer", "gauge", "binder", "prometheus");
            if (metric.isMicrometerMeter()) {
                assertThat(metric.prometheusNames()).as("the names Micrometer gives " + metric.kind() + " " + metric.source())
                        .contains(metric.name());
            }
        });
    }

    @Test
    void shouldFindEveryListedMeterInTheCodeOfItsService() {
        // Given the meters the services register by name
        Map<String, String> missing = new TreeMap<>();

        // When
        for (Metric metric : exported.values()) {
            if (metric.isMicrometerMeter() && !sourceOf(metric.exporter()).contains("\"" + metric.source() + "\"")) {
                missing.put(metric.name(), metric.kind() + " \"" + metric.source() + "\" in " + MODULES_OF_EXPORTER.get(metric.exporter()));
            }
        }

        // Then
        assertThat(missing)
                .as("meters of deploy/metrics.txt that no service registers: the service renamed or dropped them; follow it in metrics.txt, dashboards and rules")
                .isEmpty();
    }

    private static String sourceOf(String exporter) {
        StringBuilder source = new StringBuilder();
        for (String module : MODULES_OF_EXPORTER.get(exporter)) {
            Path main = Repository.ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    source.append(Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source.toString();
    }
}
