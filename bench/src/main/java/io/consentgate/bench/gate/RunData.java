package io.consentgate.bench.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The bulky part of a run's folder: the broker's data and the gate's and the baseline's state, over 2 GB a full run,
 * measured (the footprint) and of no use after it. Closed last, once the broker and the gates have stopped: it deletes
 * them, and keeps the logs and profiles beside them, so that running the benchmark again and again does not fill the disk.
 */
final class RunData implements AutoCloseable {

    private final Path runFolder;
    private final List<Path> folders;

    RunData(Path runFolder) {
        this.runFolder = runFolder;
        this.folders = List.of(runFolder.resolve("broker").resolve("data"), runFolder.resolve("state"), runFolder.resolve("baseline-state"));
    }

    @Override
    public void close() {
        long bytes = 0;
        for (Path folder : folders) {
            bytes += delete(folder);
        }
        System.out.printf(Locale.ROOT, "removed the run's broker data and state (%,.1f GB); its logs and profiles stay in %s%n", bytes / 1e9, runFolder);
    }

    /** The bytes deleted. */
    private static long delete(Path folder) {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            long bytes = 0;
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                if (Files.isRegularFile(path)) {
                    bytes += Files.size(path);
                }
                Files.delete(path);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + folder + ": delete it by hand", e);
        }
    }
}
