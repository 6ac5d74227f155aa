package io.consentgate.bench.gate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CPU one phase took ({@link CpuMeter}): per gate process, its CPU seconds and the cores that makes over the
 * phase's wall time; the records it handled per CPU-second of all gate processes together, which is what a core
 * of its own would give each instance if the gate were bound by CPU alone (the commit wait is not CPU). Beside it the
 * broker's and the baseline's CPU, so that a phase's cost per record can be read whole: the gate's phases against
 * the baseline's.
 *
 * @param wallSeconds           from the first record produced to the last one handled
 * @param cpuSecondsPerInstance each gate process's user + system CPU seconds in that time
 * @param brokerCpuSeconds      the broker process's, -1 if unknown
 * @param baselineCpuSeconds    the baseline's threads' ({@link BaselineThreads}), -1 if unknown
 * @param benchJvmCpuSeconds    this benchmark's JVM in that time (load producer, decision reader, the baseline)
 * @param machineBusyCores      the whole machine's busy cores on average (everyone's processes), -1 if unknown
 * @param machineCores          the machine's cores
 * @param work                  records handled: decisions, or contact events folded
 */
record CpuUsage(double wallSeconds, double[] cpuSecondsPerInstance, double brokerCpuSeconds, double baselineCpuSeconds,
                double benchJvmCpuSeconds, double machineBusyCores, int machineCores, long work) {

    double[] coresPerInstance() {
        return Arrays.stream(cpuSecondsPerInstance).map(this::cores).toArray();
    }

    double gateCpuSeconds() {
        return Arrays.stream(cpuSecondsPerInstance).sum();
    }

    double workPerCpuSecond() {
        return gateCpuSeconds() <= 0 ? 0 : work / gateCpuSeconds();
    }

    /** Microseconds of {@code cpuSeconds} per record handled; -1 if unknown. */
    double microsPerRecord(double cpuSeconds) {
        return cpuSeconds < 0 || work == 0 ? -1 : cpuSeconds * 1e6 / work;
    }

    private double cores(double cpuSeconds) {
        return cpuSeconds < 0 ? -1 : wallSeconds == 0 ? 0 : cpuSeconds / wallSeconds;
    }

    /** A line of the table for a gate phase; {@code per} names the work ("decisions", "events"). */
    String gateLine(String phase, String per) {
        return String.format(Locale.ROOT, "cpu, %-19s: gate cores per instance %s over %.1f s, %,.0f %s per gate CPU-second"
                        + " (%.1f us per record); broker %.2f cores (%.1f us per record); bench JVM %.2f cores; machine busy %.2f of %d cores",
                phase, list(coresPerInstance(), "%.2f"), wallSeconds, workPerCpuSecond(), per, microsPerRecord(gateCpuSeconds()),
                cores(brokerCpuSeconds), microsPerRecord(brokerCpuSeconds), cores(benchJvmCpuSeconds), machineBusyCores, machineCores);
    }

    /** A line of the table for a baseline phase. */
    String baselineLine(String phase) {
        return String.format(Locale.ROOT, "cpu, %-19s: baseline threads %.2f cores over %.1f s (%.1f us per record); broker %.2f cores"
                        + " (%.1f us per record); bench JVM %.2f cores; machine busy %.2f of %d cores",
                phase, cores(baselineCpuSeconds), wallSeconds, microsPerRecord(baselineCpuSeconds), cores(brokerCpuSeconds),
                microsPerRecord(brokerCpuSeconds), cores(benchJvmCpuSeconds), machineBusyCores, machineCores);
    }

    /** {@code per} names the rate's field: {@code decisions_per_cpu_s} or {@code events_per_cpu_s}. */
    String json(String perField) {
        return String.format(Locale.ROOT, "{\"wall_s\": %.2f, \"cpu_cores_per_instance\": %s, \"cpu_s_per_instance\": %s, \"%s\": %.1f,"
                        + " \"gate_us_per_record\": %.1f, \"broker_cores\": %.3f, \"broker_us_per_record\": %.1f,"
                        + " \"baseline_cores\": %.3f, \"baseline_us_per_record\": %.1f,"
                        + " \"records\": %d, \"bench_jvm_cores\": %.2f, \"machine_busy_cores\": %.2f, \"machine_cores\": %d}",
                wallSeconds, list(coresPerInstance(), "%.3f"), list(cpuSecondsPerInstance, "%.2f"), perField, workPerCpuSecond(),
                microsPerRecord(gateCpuSeconds()), cores(brokerCpuSeconds), microsPerRecord(brokerCpuSeconds),
                cores(baselineCpuSeconds), microsPerRecord(baselineCpuSeconds), work,
                cores(benchJvmCpuSeconds), machineBusyCores, machineCores);
    }

    private static String list(double[] values, String format) {
        return Arrays.stream(values).mapToObj(value -> String.format(Locale.ROOT, format, value)).collect(Collectors.joining(", ", "[", "]"));
    }
}
