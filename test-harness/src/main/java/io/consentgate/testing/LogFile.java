package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The log file of a child process: where to look for a readiness line, and what to quote when it failed. */
record LogFile(Path path) {

    /** A log that starts empty, the last run's kept beside it as {@code <name>.previous}: a readiness line found is this run's. */
    static LogFile fresh(Path path) {
        try {
            if (Files.exists(path)) {
                Files.move(path, path.resolveSibling(path.getFileName() + ".previous"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the last run's log " + path + " aside", e);
        }
        return new LogFile(path);
    }

    /** The first group of the first line matching {@code pattern}, once the process has written it. */
    Optional<String> find(Pattern pattern) {
        return lines().stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
    }

    /** The last lines, to put into a failure message. */
    String tail(int count) {
        List<String> lines = lines();
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private List<String> lines() {
        try {
            return Files.exists(path) ? Files.readAllLines(path) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
