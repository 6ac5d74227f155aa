package io.consentgate.bench.gate;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One line every few seconds saying what the run is doing, so a long run never looks stuck. */
final class Progress implements AutoCloseable {

    private static final Duration EVERY = Duration.ofSeconds(3);

    private final long start = System.nanoTime();
    private final ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String phase = "starting";
    private volatile Supplier<String> status = () -> "";

    Progress() {
        printer.scheduleAtFixedRate(this::print, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A new phase, announced at once; {@code status} is asked for its figures on every later line. */
    void phase(String name, Supplier<String> status) {
        this.phase = name;
        this.status = status;
        print();
    }

    /** The figures of a phase's requests: produced, decided, and the decision rate since the last line. */
    static Supplier<String> of(Tally tally) {
        long[] last = {System.nanoTime(), 0};
        return () -> {
            long now = System.nanoTime();
            int decided = tally.decided();
            double rate = (decided - last[1]) / ((now - last[0]) / 1e9);
            last[0] = now;
            last[1] = decided;
            return "produced %,d, decided %,d (%,.0f/s)".formatted(tally.produced(), decided, rate);
        };
    }

    void print() {
        System.out.printf("[%5.1f s] %s: %s%n", (System.nanoTime() - start) / 1e9, phase, status.get());
    }

    @Override
    public void close() {
        printer.shutdownNow();
    }
}
