package io.consentgate.bench.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The kernel's clock tick (what /proc's per-thread times count in), asked of {@code getconf CLK_TCK}, not assumed. */
final class ClockTicks {

    private ClockTicks() {
    }

    /** Nanoseconds per tick; -1 when it cannot be asked (no getconf): per-thread native times are then not read. */
    static long nanosPerTick() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!getconf.waitFor(10, TimeUnit.SECONDS) || getconf.exitValue() != 0) {
                return -1;
            }
            return 1_000_000_000L / Long.parseLong(answer);
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
