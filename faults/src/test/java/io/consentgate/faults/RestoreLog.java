package io.consentgate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a streams service logged about a restore (service-support's RestoreProgress): records restored and how long it took. */
final class RestoreLog {

    private static final Pattern RESTORED = Pattern.compile("restored (\\d+) records into (\\d+) store partitions in (\\d+) ms");

    record Restore(long records, int storePartitions, long millis) {
    }

    private RestoreLog() {
    }

    static long lines(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    /** The last restore line after the first {@code skip} lines; a failure naming the log when there is none. */
    static Restore lastAfter(Path log, long skip) {
        List<Matcher> found;
        try (Stream<String> lines = Files.lines(log)) {
            found = lines.skip(skip).map(RESTORED::matcher).filter(Matcher::find).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
        if (found.isEmpty()) {
            throw new AssertionError("no restore line (\"restored N records into M store partitions in T ms\") in " + log
                    + " after line " + skip + ": the service restored nothing, or RestoreProgress's line changed");
        }
        Matcher last = found.getLast();
        return new Restore(Long.parseLong(last.group(1)), Integer.parseInt(last.group(2)), Long.parseLong(last.group(3)));
    }
}
