package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.consentgate.deploy.MonitoringQueries.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboards under deploy/grafana/dashboards and their provisioning. */
class DashboardsTest {

    private final List<Path> dashboards = MonitoringQueries.dashboards();

    @Test
    void shouldQueryOnlyTheProvisionedPrometheusDatasource() {
        // Given
        JsonNode datasource = Documents.yaml(provisioning("datasources/prometheus.yml")).path("datasources").path(0);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");

        // When
        List<JsonNode> references = new ArrayList<>();
        dashboards.forEach(dashboard -> Documents.json(dashboard).findValues("datasource").forEach(references::add));

        // Then
        assertThat(references).isNotEmpty().allSatisfy(reference ->
                assertThat(reference.path("uid").asText()).isEqualTo(datasource.path("uid").asText()));
    }

    @Test
    void shouldGiveEveryPanelAUniqueIdAndAQuery() {
        for (Path file : dashboards) {
            // Given
            JsonNode dashboard = Documents.json(file);
            Set<Integer> ids = new HashSet<>();

            // When / Then
            assertThat(dashboard.path("uid").asText()).as(file + " uid").isNotBlank();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + ": panel id " + panel.path("id") + " twice").isTrue();
                if (!"row".equals(panel.path("type").asText())) {
                    assertThat(panel.path("targets").findValuesAsText("expr"))
                            .as(file + ": panel \"" + panel.path("title").asText() + "\" has a query").isNotEmpty()
                            .allSatisfy(expr -> assertThat(expr).isNotBlank());
                }
            }
        }
    }

    @Test
    void shouldWriteEveryQueryInValidPromQl(@TempDir Path folder) throws Exception {
        // Given each dashboard query as a recording rule, Grafana's variables given a value
        ArrayNode rules = Documents.YAML.createArrayNode();
        List<Query> queries = MonitoringQueries.read().queries().stream().filter(query -> query.where().endsWith("\"")).toList();
        for (int i = 0; i < queries.size(); i++) {
            ObjectNode rule = rules.addObject();
            rule.put("record", "dashboard_query_" + i);
            rule.put("expr", withVariablesSet(queries.get(i).expression()));
        }
        ObjectNode file = Documents.YAML.createObjectNode();
        file.putArray("groups").addObject().put("name", "dashboard-queries").set("rules", rules);
        Path rulesFile = folder.resolve("dashboard-queries.yml");
        Files.writeString(rulesFile, Documents.YAML.writeValueAsString(file));

        // When promtool parses them
        Promtool.Result check = Promtool.run(folder, "check", "rules", rulesFile.toString());

        // Then
        assertThat(queries).isNotEmpty();
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void shouldBeProvisionedFromTheFolderComposeMounts() {
        // Given
        JsonNode provider = Documents.yaml(provisioning("dashboards/consent-gate.yml")).path("providers").path(0);
        JsonNode grafana = Documents.yaml(Repository.COMPOSE_FILE).path("services").path("grafana");

        // When
        String home = grafana.path("environment").path("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();

        // Then
        String mountPoint = provider.path("options").path("path").asText();
        assertThat(grafana.path("volumes").toString()).contains("./deploy/grafana/dashboards:" + mountPoint)
                .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning");
        assertThat(home).startsWith(mountPoint + "/");
        assertThat(Repository.DASHBOARDS.resolve(home.substring(mountPoint.length() + 1))).isRegularFile();
    }

    @Test
    void shouldShowWhatAnOpsTeamWatches() {
        // Given
        List<String> titles = new ArrayList<>();
        dashboards.forEach(dashboard -> Documents.json(dashboard).path("panels").forEach(panel -> titles.add(panel.path("title").asText())));

        // When / Then
        assertThat(titles).contains(
                "Services up",
                "Decisions per second by outcome",
                "Rejections per second by reason",
                "Rejection rate",
                "Decision latency",
                "Messaging quota used, per business",
                "Sender quality and status",
                "Opt-ins per second by channel",
                "Opt-outs per second by channel",
                "Consumer lag by service",
                "Dead letters by topic");
    }

    @Test
    void shouldReadZeroLagForAnIdleService(@TempDir Path folder) throws Exception {
        // Given the lag panel's query as a recording rule
        JsonNode panel = panelTitled("Consumer lag by service");
        ObjectNode rules = Documents.YAML.createObjectNode();
        rules.putArray("groups").addObject().put("name", "lag-panel").putArray("rules").addObject()
                .put("record", "lag_panel").put("expr", withVariablesSet(panel.path("targets").path(0).path("expr").asText()));
        Files.writeString(folder.resolve("lag-panel.yml"), Documents.YAML.writeValueAsString(rules));
        // and the series an idle, caught-up Kafka Streams client exports through Micrometer (seen on Kafka 4.2): each
        // partition's records-lag stays at its last value, 0, while records-lag-max (a maximum over the last minute's
        // fetches) reads NaN once nothing has arrived for a minute
        String partition = "{job=\"send-gate\", client_id=\"send-gate-StreamThread-1-consumer\", topic=\"outbound-requests\", partition=\"0\"}";
        Files.writeString(folder.resolve("lag-panel-test.yml"), """
                rule_files: [lag-panel.yml]
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - series: 'kafka_consumer_fetch_manager_records_lag%1$s'
                        values: '0 0 0 0 0 0'
                      - series: 'kafka_consumer_fetch_manager_records_lag_max%1$s'
                        values: '0 NaN NaN NaN NaN NaN'
                    promql_expr_test:
                      - expr: lag_panel
                        eval_time: 5m
                        exp_samples:
                          - labels: 'lag_panel{job="send-gate"}'
                            value: 0
                """.formatted(partition));

        // When
        Promtool.Result run = Promtool.run(folder, "test", "rules", "lag-panel-test.yml");

        // Then: 0, not NaN
        assertThat(run.exitCode()).as(run.output()).isZero();
    }

    private JsonNode panelTitled(String title) {
        return dashboards.stream().flatMap(dashboard -> StreamSupport.stream(Documents.json(dashboard).path("panels").spliterator(), false))
                .filter(panel -> title.equals(panel.path("title").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no panel \"" + title + "\""));
    }

    /** Grafana's interval variables become durations; a dashboard variable (only used in label matchers) matches anything. */
    private static String withVariablesSet(String expression) {
        return expression.replace("$__rate_interval", "5m").replace("$__interval", "1m").replaceAll("\\$\\w+", ".*");
    }

    private static Path provisioning(String provisioningFile) {
        return Repository.GRAFANA_PROVISIONING.resolve(provisioningFile);
    }
}
