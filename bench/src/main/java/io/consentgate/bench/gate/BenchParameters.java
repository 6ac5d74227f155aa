package io.consentgate.bench.gate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run does. The full form is sized for a 2-core machine (under ~10 minutes); {@code --quick} is the
 * same run, smaller (~2 minutes). Any figure can be overridden, e.g. {@code --contacts=1000000}.
 *
 * @param contacts           contacts across all businesses; each has a window, a consent, both or neither
 * @param businesses         businesses, each with approved MARKETING and UTILITY templates and TIER_UNLIMITED
 * @param warmupRequests     requests (to the gate and to the baseline) that warm the JIT before anything is measured
 * @param saturationRequests requests produced as fast as possible, per system
 * @param rate               requests per second of the latency measurement
 * @param latencyDuration    how long the steady rate is held, per system
 * @param partitions         partitions of every topic (contract and baseline)
 * @param profile            record a JFR profile of the gate process
 */
record BenchParameters(
        String form,
        int contacts,
        int businesses,
        int warmupRequests,
        int saturationRequests,
        int rate,
        Duration latencyDuration,
        int partitions,
        boolean profile) {

    static final String USAGE = """
            options: --quick (short form) --contacts=N --businesses=N --warmup=N --requests=N --rate=N --seconds=N
                     --partitions=N --profile (JFR of the gate process)""";

    static BenchParameters parse(String[] args) {
        boolean quick = false;
        Map<String, String> values = new LinkedHashMap<>();
        boolean profile = false;
        for (String arg : args) {
            switch (arg) {
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                default -> {
                    if (!arg.startsWith("--") || !arg.contains("=")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                }
            }
        }
        BenchParameters defaults = quick
                ? new BenchParameters("quick", 50_000, 10, 10_000, 30_000, 5_000, Duration.ofSeconds(10), 3, profile)
                : new BenchParameters("full", 400_000, 20, 40_000, 200_000, 5_000, Duration.ofSeconds(30), 3, profile);
        BenchParameters parameters = new BenchParameters(defaults.form,
                intOr(values.remove("contacts"), defaults.contacts),
                intOr(values.remove("businesses"), defaults.businesses),
                intOr(values.remove("warmup"), defaults.warmupRequests),
                intOr(values.remove("requests"), defaults.saturationRequests),
                intOr(values.remove("rate"), defaults.rate),
                Duration.ofSeconds(intOr(values.remove("seconds"), (int) defaults.latencyDuration.toSeconds())),
                intOr(values.remove("partitions"), defaults.partitions),
                profile);
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + values.keySet() + "\n" + USAGE);
        }
        return parameters;
    }

    /** Requests of the latency measurement, per system. */
    int latencyRequests() {
        return (int) (rate * latencyDuration.toSeconds());
    }

    private static int intOr(String value, int otherwise) {
        return value == null ? otherwise : Integer.parseInt(value.replace("_", ""));
    }
}
