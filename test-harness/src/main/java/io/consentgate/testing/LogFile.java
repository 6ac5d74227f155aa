package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The log file of a child process: where to look for a readiness line, and what to quote when it failed. */
record LogFile(Path path) {

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
