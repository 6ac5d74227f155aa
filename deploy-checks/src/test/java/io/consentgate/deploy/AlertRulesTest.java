package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
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
    void shouldPassPromtoolCheckConfigWhereItLiesInTheRepository() throws Exception {
        // Given / When: promtool resolves the rule file relative to the configuration, as Prometheus does
        Promtool.Result check = Promtool.run(Repository.ROOT, "check", "config", Repository.ROOT.relativize(Repository.PROMETHEUS_CONFIG).toString());

        // Then
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void shouldLoadTheRulesInTheComposeStacksPrometheus(@TempDir Path container) throws Exception {
        // Given the files compose mounts into the Prometheus container, each where it is mounted
        JsonNode prometheus = Documents.yaml(Repository.COMPOSE_FILE).path("services").path("prometheus");
        for (JsonNode volume : prometheus.path("volumes")) {
            String[] mount = volume.asText().split(":");
            if (mount[0].startsWith("./")) {
                Path mounted = container.resolve(mount[1].substring(1));
                Files.createDirectories(mounted.getParent());
                Files.copy(Repository.ROOT.resolve(mount[0]), mounted);
            }
        }
        String configFile = StreamSupport.stream(prometheus.path("command").spliterator(), false).map(JsonNode::asText)
                .filter(argument -> argument.startsWith("--config.file=")).map(argument -> argument.substring("--config.file=".length()))
                .findFirst().orElseThrow(() -> new AssertionError("compose starts Prometheus without --config.file"));

        // When promtool checks the configuration Prometheus is started with
        Promtool.Result check = Promtool.run(container, "check", "config", container.resolve(configFile.substring(1)).toString());

        // Then it finds the rules at the path it names
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found");
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
