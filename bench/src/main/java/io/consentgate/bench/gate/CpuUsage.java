package io.consentgate.bench.gate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CPU one phase took ({@link CpuMeter}): per gate process, its CPU seconds and the cores that makes over the
 * phase's wall time; the records it handled per CPU-second of all gate processes together, which is what a core
 * of its own would give each instance if the gate were bound by CPU alone (the commit wait is not CPU).
 *
 * @param wallSeconds          from the first record produced to the last one handled
 * @param cpuSecondsPerInstance each gate process's user + system CPU seconds in that time
 * @param benchJvmCpuSeconds   this benchmark's JVM in that time (load producer, decision reader, the baseline)
 * @param machineBusyCores     the whole machine's busy cores on average (everyone's processes), -1 if unknown
 * @param machineCores         the machine's cores
 * @param work                 records handled: decisions, or contact events folded
 */
record CpuUsage(double wallSeconds, double[] cpuSecondsPerInstance, double benchJvmCpuSeconds, double machineBusyCores,
                int machineCores, long work) {

    double[] coresPerInstance() {
        return Arrays.stream(cpuSecondsPerInstance).map(seconds -> wallSeconds == 0 ? 0 : seconds / wallSeconds).toArray();
    }

    double gateCpuSeconds() {
        return Arrays.stream(cpuSecondsPerInstance).sum();
    }

    double benchJvmCores() {
        return wallSeconds == 0 ? 0 : benchJvmCpuSeconds / wallSeconds;
    }

    double workPerCpuSecond() {
        return gateCpuSeconds() <= 0 ? 0 : work / gateCpuSeconds();
    }

    /** A line of the table; {@code per} names the work ("decisions", "events"). */
    String line(String phase, String per) {
        return String.format(Locale.ROOT, "cpu, %-15s: gate cores per instance %s over %.1f s, %,.0f %s per gate CPU-second;"
                        + " bench JVM %.2f cores; machine busy %.2f of %d cores",
                phase, list(coresPerInstance(), "%.2f"), wallSeconds, workPerCpuSecond(), per,
                benchJvmCores(), machineBusyCores, machineCores);
    }

    /** {@code per} names the rate's field: {@code decisions_per_cpu_s} or {@code events_per_cpu_s}. */
    String json(String perField) {
        return String.format(Locale.ROOT, "{\"wall_s\": %.2f, \"cpu_cores_per_instance\": %s, \"cpu_s_per_instance\": %s, \"%s\": %.1f,"
                        + " \"records\": %d, \"bench_jvm_cores\": %.2f, \"machine_busy_cores\": %.2f, \"machine_cores\": %d}",
                wallSeconds, list(coresPerInstance(), "%.3f"), list(cpuSecondsPerInstance, "%.2f"), perField, workPerCpuSecond(), work,
                benchJvmCores(), machineBusyCores, machineCores);
    }

    private static String list(double[] values, String format) {
        return Arrays.stream(values).mapToObj(value -> String.format(Locale.ROOT, format, value)).collect(Collectors.joining(", ", "[", "]"));
    }
}
