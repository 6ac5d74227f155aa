package io.consentgate.bench.gate;

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
                warmFold.line("warm fold", "events"));
    }

    String json() {
        return "{\"clock\": \"each gate JVM's user+system CPU (/proc/<pid>/stat through ProcessHandle), per wall second of the phase\",\n"
                + "           \"fold\": " + fold.json("events_per_cpu_s") + ",\n"
                + "           \"gate_saturation\": " + saturation.json("decisions_per_cpu_s") + ",\n"
                + "           \"gate_latency\": " + latency.json("decisions_per_cpu_s") + ",\n"
                + "           \"warm_fold\": " + warmFold.json("events_per_cpu_s") + "}";
    }
}
