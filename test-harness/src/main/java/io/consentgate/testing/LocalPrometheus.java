package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's Prometheus server, when installed, scraping the three services of the local stack with the
 * same job names and alert rules as the compose stack and the Helm chart. Optional: the stack runs
 * without it.
 */
final class LocalPrometheus {

    static final int PORT = 9090;
    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private LocalPrometheus() {
    }

    /** Started, or empty when Prometheus is not installed. */
    static Optional<Process> startIfInstalled(Path projectRoot, Path dataFolder) {
        if (!Files.isExecutable(BINARY)) {
            return Optional.empty();
        }
        Path folder = dataFolder.resolve("prometheus");
        Path config = folder.resolve("prometheus.yml");
        TextFiles.write(config, configuration(projectRoot.resolve("helm/consent-gate/files/alerts.yml")));
        LogFile log = LogFile.fresh(dataFolder.resolve("logs").resolve("prometheus.log"));
        try {
            return Optional.of(new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + folder.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + PORT)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.path().toFile()))
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    private static String configuration(Path alertRules) {
        String jobs = Stream.of(LocalService.values()).map(service -> """
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(service.module(), service.port())).collect(Collectors.joining());
        return """
                # Written by the local stack at every start: edit LocalPrometheus.java, not this file.
                global:
                  scrape_interval: 5s
                  evaluation_interval: 15s
                rule_files:
                  - %s
                scrape_configs:
                %s""".formatted(alertRules, jobs);
    }
}
