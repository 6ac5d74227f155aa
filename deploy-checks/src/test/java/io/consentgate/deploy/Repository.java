package io.consentgate.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths of the files under test. Maven runs the tests in the module folder; the files live beside it. */
final class Repository {

    static final Path ROOT = findRoot();
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    static final Path CHART = ROOT.resolve("helm/consent-gate");
    static final Path ALERT_RULES = CHART.resolve("files/alerts.yml");
    static final Path PROMETHEUS_CONFIG = ROOT.resolve("deploy/prometheus/prometheus.yml");
    static final Path ALERT_TESTS = ROOT.resolve("deploy/prometheus/tests");
    static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    static final Path GRAFANA_PROVISIONING = ROOT.resolve("deploy/grafana/provisioning");
    static final Path CREATE_TOPICS = ROOT.resolve("deploy/kafka/create-topics.sh");
    static final Path EXPORTED_METRICS = ROOT.resolve("deploy/metrics.txt");

    private Repository() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("helm"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run the tests inside the Consent Gate repository: no folder above "
                + Path.of("").toAbsolutePath() + " holds docker-compose.yml and helm/");
    }
}
