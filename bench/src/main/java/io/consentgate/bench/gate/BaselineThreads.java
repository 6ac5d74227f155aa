package io.consentgate.bench.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The CPU the pass-through baseline used, which runs in this JVM beside the load producer and the decision reader:
 * its Java threads (Kafka Streams names every thread of a client after its application id: stream threads, their
 * producers' network threads, the state cleaner) through {@link ThreadMXBean}, and RocksDB's native background threads
 * ({@code rocksdb:low}, {@code rocksdb:high}: only the baseline opens RocksDB in this JVM) from {@code /proc/self/task}.
 * Not counted: its share of this JVM's garbage collection and JIT, so the baseline's figure is a floor of its cost.
 */
final class BaselineThreads {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String nameMark;
    private final long nanosPerTick;

    /** @param nameMark what the names of the baseline's Java threads hold: its application id */
    BaselineThreads(String nameMark) {
        this.nameMark = nameMark;
        this.nanosPerTick = ClockTicks.nanosPerTick();
    }

    /** CPU nanoseconds of the baseline's live threads so far; -1 when the platform does not tell. */
    long cpuNanos() {
        if (!THREADS.isThreadCpuTimeSupported() || nanosPerTick <= 0) {
            return -1;
        }
        long nanos = 0;
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && thread.getThreadName().contains(nameMark)) {
                nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return nanos + rocksDbTicks() * nanosPerTick;
    }

    /** utime + stime of this process's native threads named {@code rocksdb:*}. */
    private static long rocksDbTicks() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                ticks += rocksDbTicks(task);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ticks;
    }

    private static long rocksDbTicks(Path task) throws IOException {
        try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
            int nameStart = stat.indexOf('(');
            int nameEnd = stat.lastIndexOf(')');
            if (!stat.startsWith("rocksdb:", nameStart + 1)) {
                return 0;
            }
            // after the name: state, then fields 4..; utime and stime are fields 14 and 15 of the whole line
            String[] fields = stat.substring(nameEnd + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (NoSuchFileException ended) {
            return 0;
        }
    }
}
