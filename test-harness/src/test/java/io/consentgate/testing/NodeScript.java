package io.consentgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js script of the npm project in {@code src/test/js}, run as a child process. Installs the project's
 * locked dependencies ({@code npm ci}) the first time. A missing Node.js or a failed install is a test failure
 * that says what to do, never a skip: the interop test is part of the contract.
 */
final class NodeScript {

    private static final Path PROJECT = Path.of("src", "test", "js");
    private static final long TIMEOUT_SECONDS = 120;

    private final String script;

    NodeScript(String script) {
        this.script = script;
    }

    /** Runs the script with these arguments and returns what it printed, trimmed; fails with its error output otherwise. */
    String run(String... arguments) {
        installDependenciesOnce();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(arguments));
        return execute(command, "node " + script + " " + arguments[0]);
    }

    private static synchronized void installDependenciesOnce() {
        // npm writes this file last, so an install that broke off half-way is redone.
        if (Files.exists(PROJECT.resolve("node_modules").resolve(".package-lock.json"))) {
            return;
        }
        execute(List.of("npm", "ci", "--no-audit", "--no-fund"), "npm ci in " + PROJECT.toAbsolutePath()
                + " (it needs the npm registry once; later runs use node_modules)");
    }

    private static String execute(List<String> command, String what) {
        try {
            // Files rather than pipes: a child that writes more than a pipe holds would block until it is read.
            Path output = Files.createTempFile("node-out-", ".txt");
            Path errors = Files.createTempFile("node-err-", ".txt");
            output.toFile().deleteOnExit();
            errors.toFile().deleteOnExit();
            Process process = start(command, output, errors);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(what + " failed (exit " + process.exitValue() + "):\n"
                        + Files.readString(errors) + Files.readString(output));
            }
            return Files.readString(output).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + what, e);
        }
    }

    private static Process start(List<String> command, Path output, Path errors) {
        try {
            return new ProcessBuilder(command)
                    .directory(PROJECT.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(errors.toFile())
                    .start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is not installed, and the JavaScript interop test needs it: "
                    + "install Node.js 18+ with npm (e.g. apt-get install nodejs npm)", e);
        }
    }
}
