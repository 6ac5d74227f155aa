package io.consentgate.bench.gate;

import io.consentgate.testing.Folders;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

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
            bytes += Folders.deleteRecursively(folder);
        }
        System.out.printf(Locale.ROOT, "removed the run's broker data and state (%,.1f GB); its logs and profiles stay in %s%n", bytes / 1e9, runFolder);
    }
}
