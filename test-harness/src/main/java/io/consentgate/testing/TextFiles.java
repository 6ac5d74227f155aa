package io.consentgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the configuration files of the processes the harness starts. */
final class TextFiles {

    private TextFiles() {
    }

    /** {@code content} as the whole of {@code file}, its folders created. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
