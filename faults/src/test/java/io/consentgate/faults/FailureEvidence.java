package io.consentgate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a failed scenario's services said, printed with its result: the CI log keeps the test's output but not the
 * scenario's folder, so without this a failure seen once in CI cannot be explained afterwards. Per service log, the
 * last lines that tell a state: errors, Kafka Streams' client and thread state changes, exceptions thrown.
 */
final class FailureEvidence {

    private static final Pattern TELLING = Pattern.compile(
            " ERROR |stream-client \\[.*State transition|StreamThread.*State transition|^\\S*(Exception|Error)\\b|^Caused by:");
    private static final int LINES_PER_SERVICE = 40;
    private static final int WIDTH = 400;

    private FailureEvidence() {
    }

    static void print(String scenario) {
        Path folder = FaultsReport.folder().resolve(scenario);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path log : files.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = telling(log);
                System.out.printf("[faults] %s failed; %s, its last %d telling lines (errors, state changes, exceptions):%n",
                        scenario, log.getFileName(), lines.size());
                lines.forEach(line -> System.out.println("[faults]   " + line));
            }
        } catch (IOException | UncheckedIOException e) {
            System.out.printf("[faults] %s failed; its service logs could not be read: %s%n", scenario, e);
        }
    }

    private static List<String> telling(Path log) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            lines.filter(line -> TELLING.matcher(line).find()).forEach(line -> {
                last.addLast(line.length() > WIDTH ? line.substring(0, WIDTH) + " …" : line);
                if (last.size() > LINES_PER_SERVICE) {
                    last.removeFirst();
                }
            });
        }
        return List.copyOf(last);
    }
}
