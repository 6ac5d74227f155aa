package io.consentgate.bench.gate;

import java.util.Locale;

/**
 * The CPU of each phase ({@link CpuMeter}): the gate's (the cold fold on a JVM just started, saturation, the steady
 * rate, the warm fold), per instance so that a run of two says what each one used of the machine; and the baseline's
 * saturation and steady rate, so that a decision's whole cost (the app, the broker, the rest of the machine) can be
 * set beside a pass-through record's.
 */
record RunCpu(CpuUsage fold, CpuUsage saturation, CpuUsage latency, CpuUsage warmFold, CpuUsage baselineSaturation,
              CpuUsage baselineLatency) {

    String table() {
        return String.join("\n",
                fold.gateLine("fold (cold)", "events"),
                saturation.gateLine("saturation", "decisions"),
                latency.gateLine("steady rate", "decisions"),
                warmFold.work() == 0 ? "cpu, warm fold          : skipped" : warmFold.gateLine("warm fold", "events"),
                baselineSaturation.baselineLine("baseline saturation"),
                baselineLatency.baselineLine("baseline steady rate"),
                String.format(Locale.ROOT, "cpu per record at saturation, the machine's busy core-microseconds: gate phase %.1f"
                                + " (gate %.1f, broker %.1f, the rest %.1f), baseline phase %.1f (baseline %.1f, broker %.1f, the rest %.1f)",
                        machineMicros(saturation), saturation.microsPerRecord(saturation.gateCpuSeconds()),
                        saturation.microsPerRecord(saturation.brokerCpuSeconds()), rest(saturation, saturation.gateCpuSeconds()),
                        machineMicros(baselineSaturation), baselineSaturation.microsPerRecord(baselineSaturation.baselineCpuSeconds()),
                        baselineSaturation.microsPerRecord(baselineSaturation.brokerCpuSeconds()),
                        rest(baselineSaturation, baselineSaturation.baselineCpuSeconds())),
                String.format(Locale.ROOT, "cpu, a core for each of the %d gate process(es), were the gate bound by CPU alone (per CPU-second x %d):"
                                + " saturation %,.0f decisions/s, warm fold %,.0f events/s",
                        instances(), instances(), saturation.workPerCpuSecond() * instances(), warmFold.workPerCpuSecond() * instances()));
    }

    /** The whole machine's busy core-microseconds per record of the phase. */
    private static double machineMicros(CpuUsage phase) {
        return phase.microsPerRecord(phase.machineBusyCores() * phase.wallSeconds());
    }

    /** What the machine spent per record beside the app and the broker: load producer, decision reader, the kernel, the rest. */
    private static double rest(CpuUsage phase, double appCpuSeconds) {
        return phase.microsPerRecord(phase.machineBusyCores() * phase.wallSeconds() - appCpuSeconds - phase.brokerCpuSeconds());
    }

    private int instances() {
        return saturation.cpuSecondsPerInstance().length;
    }

    String json() {
        return "{\"clock\": \"each process's user+system CPU (/proc/<pid>/stat through ProcessHandle; the baseline's threads through"
                + " ThreadMXBean and /proc/self/task), per wall second of the phase\",\n"
                + "           \"fold\": " + fold.json("events_per_cpu_s") + ",\n"
                + "           \"gate_saturation\": " + saturation.json("decisions_per_cpu_s") + ",\n"
                + "           \"gate_latency\": " + latency.json("decisions_per_cpu_s") + ",\n"
                + "           \"warm_fold\": " + warmFold.json("events_per_cpu_s") + ",\n"
                + "           \"baseline_saturation\": " + baselineSaturation.json("decisions_per_cpu_s") + ",\n"
                + "           \"baseline_latency\": " + baselineLatency.json("decisions_per_cpu_s") + ",\n"
                + String.format(Locale.ROOT, "           \"machine_us_per_decision_gate\": %.1f, \"machine_us_per_decision_baseline\": %.1f}",
                machineMicros(saturation), machineMicros(baselineSaturation));
    }
}
