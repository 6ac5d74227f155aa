package io.consentgate.bench.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The CPU time of each gate process over a phase: {@link ProcessHandle.Info#totalCpuDuration()}, which on Linux is
 * the process's utime + stime from {@code /proc/<pid>/stat}, converted with the kernel's own clock tick
 * ({@code sysconf(_SC_CLK_TCK)}), so no tick rate is assumed here. Beside it, for seeing where the machine's cores
 * went: the broker's process, the pass-through baseline's threads ({@link BaselineThreads}), this benchmark's whole
 * JVM (load producer, decision reader, baseline) and the machine's busy cores from {@code /proc/stat} (a ratio of its
 * ticks, so again no tick rate is assumed).
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private final List<ProcessHandle> gates;
    private final ProcessHandle broker;
    private final BaselineThreads baseline;

    CpuMeter(List<ProcessHandle> gates, ProcessHandle broker, BaselineThreads baseline) {
        this.gates = List.copyOf(gates);
        this.broker = broker;
        this.baseline = baseline;
    }

    /** Where the counters stand now: a phase starts here. */
    Start start() {
        long[] gateCpu = new long[gates.size()];
        for (int i = 0; i < gateCpu.length; i++) {
            gateCpu[i] = cpuNanos(gates.get(i));
        }
        return new Start(System.nanoTime(), gateCpu, cpuNanos(broker), baseline.cpuNanos(), cpuNanos(ProcessHandle.current()),
                MachineTicks.read());
    }

    /** The counters at the start of a phase. */
    final class Start {
        private final long wallNanos;
        private final long[] gateCpuNanos;
        private final long brokerCpuNanos;
        private final long baselineCpuNanos;
        private final long benchCpuNanos;
        private final MachineTicks machine;

        private Start(long wallNanos, long[] gateCpuNanos, long brokerCpuNanos, long baselineCpuNanos, long benchCpuNanos,
                      MachineTicks machine) {
            this.wallNanos = wallNanos;
            this.gateCpuNanos = gateCpuNanos;
            this.brokerCpuNanos = brokerCpuNanos;
            this.baselineCpuNanos = baselineCpuNanos;
            this.benchCpuNanos = benchCpuNanos;
            this.machine = machine;
        }

        /** What was used from the start to now, for {@code work} records handled (decisions, events) in that time. */
        CpuUsage until(long work) {
            double wall = (System.nanoTime() - wallNanos) / 1e9;
            double[] gateSeconds = new double[gateCpuNanos.length];
            for (int i = 0; i < gateSeconds.length; i++) {
                gateSeconds[i] = (cpuNanos(gates.get(i)) - gateCpuNanos[i]) / 1e9;
            }
            double broker = seconds(brokerCpuNanos, cpuNanos(CpuMeter.this.broker));
            double baselineSeconds = seconds(baselineCpuNanos, baseline.cpuNanos());
            double bench = (cpuNanos(ProcessHandle.current()) - benchCpuNanos) / 1e9;
            MachineTicks now = MachineTicks.read();
            return new CpuUsage(wall, gateSeconds, broker, baselineSeconds, bench, now.busyCoresSince(machine), now.cores(), work);
        }
    }

    /** The seconds between two readings; -1 when either is unknown. */
    private static double seconds(long startNanos, long endNanos) {
        return startNanos < 0 || endNanos < 0 ? -1 : (endNanos - startNanos) / 1e9;
    }

    /** -1 when the platform does not tell (a dead process, no /proc): the figures then say so by being negative. */
    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** The machine's aggregate {@code cpu} line of /proc/stat: busy and total ticks, and how many cores it sums. */
    private record MachineTicks(long busy, long total, int cores) {

        static MachineTicks read() {
            try {
                List<String> lines = Files.exists(PROC_STAT) ? Files.readAllLines(PROC_STAT) : List.of();
                if (lines.isEmpty() || !lines.getFirst().startsWith("cpu ")) {
                    return new MachineTicks(0, 0, 0);
                }
                String[] fields = lines.getFirst().trim().split("\\s+");
                long total = 0;
                long idle = 0;
                // user nice system idle iowait irq softirq steal (guest and guest_nice are already in user and nice)
                for (int i = 1; i <= Math.min(8, fields.length - 1); i++) {
                    long ticks = Long.parseLong(fields[i]);
                    total += ticks;
                    if (i == 4 || i == 5) {
                        idle += ticks;
                    }
                }
                int cores = (int) lines.stream().filter(line -> line.matches("cpu\\d+ .*")).count();
                return new MachineTicks(total - idle, total, cores);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        double busyCoresSince(MachineTicks start) {
            long total = this.total - start.total;
            return total <= 0 ? -1 : cores * (busy - start.busy) / (double) total;
        }
    }
}
