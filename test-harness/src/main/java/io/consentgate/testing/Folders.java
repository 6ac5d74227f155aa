package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders the harness, the fault scenarios and the benchmarks leave behind. */
public final class Folders {

    private Folders() {
    }

    /** Deletes {@code folder} and everything in it, if it exists; returns the bytes of the files deleted. */
    public static long deleteRecursively(Path folder) {
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

    /**
     * The bytes of the files under {@code folder} whose names end with {@code nameSuffix} ("" for all), 0 if it does not
     * exist. A file that disappears while the folder is walked (RocksDB compacts, Kafka rolls segments) counts 0.
     */
    public static long bytes(Path folder, String nameSuffix) {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(nameSuffix))
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException gone) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("could not measure " + folder, e);
        }
    }
}
