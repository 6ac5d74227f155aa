package io.consentgate.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Prometheus' promtool (Debian package "prometheus"; .ci/run installs it). */
final class Promtool {

    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    static Result run(Path workingDirectory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", arguments) + " did not finish in 2 minutes");
        }
        return new Result(process.exitValue(), output);
    }

    private static String executable() {
        return Executables.onPath("promtool")
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(
                        "promtool is not installed: the alert rules cannot be tested. Install Debian's prometheus package "
                                + "(apt-get install -y prometheus), as .ci/run does, then run the tests again."));
    }
}
