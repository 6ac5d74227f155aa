package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert rules (helm/consent-gate/files/alerts.yml) and the compose stack's Prometheus configuration, through promtool. */
class AlertRulesTest {

    @Test
    void shouldBeValidRules() throws Exception {
        // Given / When
        Promtool.Result check = Promtool.run(Repository.ROOT, "check", "rules", Repository.ALERT_RULES.toString());

        // Then
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void shouldPassTheRuleUnitTests() throws Exception {
        // Given
        List<Path> tests = unitTestFiles();
        assertThat(tests).isNotEmpty();

        // When
        List<String> arguments = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(test -> arguments.add(test.toString()));
        Promtool.Result run = Promtool.run(Repository.ROOT, arguments.toArray(String[]::new));

        // Then
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    @Test
    void shouldTestEveryAlert() throws IOException {
        // Given
        Set<String> alerts = new TreeSet<>();
        for (JsonNode group : Documents.yaml(Repository.ALERT_RULES).path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule.path("alert").asText());
                }
            });
        }

        // When
        Set<String> tested = new TreeSet<>();
        for (Path test : unitTestFiles()) {
            for (JsonNode testCase : Documents.yaml(test).path("tests")) {
                testCase.path("alert_rule_test").forEach(check -> {
                    if (!check.path("exp_alerts").isEmpty()) {
                        tested.add(check.path("alertname").asText());
                    }
                });
            }
        }

        // Then: each alert has at least one case where it fires
        assertThat(tested).containsAll(alerts);
        assertThat(alerts).isNotEmpty();
    }

    @Test
    void shouldLoadTheRulesInTheComposeStacksPrometheus(@TempDir Path etcPrometheus) throws Exception {
        // Given the two files as compose mounts them into /etc/prometheus
        Files.copy(Repository.PROMETHEUS_CONFIG, etcPrometheus.resolve("prometheus.yml"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Repository.ALERT_RULES, etcPrometheus.resolve("alerts.yml"), StandardCopyOption.REPLACE_EXISTING);
        JsonNode compose = Documents.yaml(Repository.COMPOSE_FILE);
        assertThat(compose.path("services").path("prometheus").path("volumes").toString())
                .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml")
                .contains("./helm/consent-gate/files/alerts.yml:/etc/prometheus/alerts.yml");

        // When
        Promtool.Result check = Promtool.run(etcPrometheus, "check", "config", "prometheus.yml");

        // Then
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void shouldScrapeTheThreeServicesUnderTheJobNamesTheRulesUse() {
        // Given
        JsonNode config = Documents.yaml(Repository.PROMETHEUS_CONFIG);

        // When
        List<String> jobs = new ArrayList<>();
        config.path("scrape_configs").forEach(job -> {
            jobs.add(job.path("job_name").asText());
            assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        });

        // Then
        assertThat(jobs).containsExactlyInAnyOrder("consent-events", "consent-projector", "send-gate");
    }

    private static List<Path> unitTestFiles() throws IOException {
        try (Stream<Path> files = Files.list(Repository.ALERT_TESTS)) {
            return files.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
