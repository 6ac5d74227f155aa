package io.consentgate.bench.gate;

import java.util.Locale;

/**
 * The gate processes' CPU over each gate phase ({@link CpuMeter}): the cold fold (a JVM just started), saturation,
 * the steady rate and the warm fold. Per instance, so that a run of two says what each one used of the machine.
 */
record GateCpu(CpuUsage fold, CpuUsage saturation, CpuUsage latency, CpuUsage warmFold) {

    String table() {
        return String.join("\n",
                fold.line("fold (cold)", "events"),
                saturation.line("saturation", "decisions"),
                latency.line("steady rate", "decisions"),
                warmFold.work() == 0 ? "cpu, warm fold      : skipped" : warmFold.line("warm fold", "events"),
                String.format(Locale.ROOT, "cpu, a core for each of the %d gate process(es), were the gate bound by CPU alone (per CPU-second x %d):"
                                + " saturation %,.0f decisions/s, warm fold %,.0f events/s",
                        instances(), instances(), saturation.workPerCpuSecond() * instances(), warmFold.workPerCpuSecond() * instances()));
    }

    private int instances() {
        return saturation.cpuSecondsPerInstance().length;
    }

    String json() {
        return "{\"clock\": \"each gate JVM's user+system CPU (/proc/<pid>/stat through ProcessHandle), per wall second of the phase\",\n"
                + "           \"fold\": " + fold.json("events_per_cpu_s") + ",\n"
                + "           \"gate_saturation\": " + saturation.json("decisions_per_cpu_s") + ",\n"
                + "           \"gate_latency\": " + latency.json("decisions_per_cpu_s") + ",\n"
                + "           \"warm_fold\": " + warmFold.json("events_per_cpu_s") + "}";
    }
}
