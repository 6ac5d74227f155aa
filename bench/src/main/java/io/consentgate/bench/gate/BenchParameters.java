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
 * @param partitions         partitions of every topic (contract and baseline); 0 until {@link #withPartitionsFor} chooses
 * @param profile            record a JFR profile of each gate process
 * @param nativeProfile      sample the first gate process with Linux perf while the gate is saturated and at the steady rate, native code included
 * @param instances          gate processes, one JVM each, sharing the work as one application (the same application id)
 * @param warmFoldContacts   new contacts whose events the warm fold writes (as many as {@code contacts} unless asked; 0 skips
 *                           it, and leaves the footprint's contacts as they were before there was a warm fold)
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
        boolean profile,
        boolean nativeProfile,
        int instances,
        int warmFoldContacts) {

    static final String USAGE = """
            options: --quick (short form) --contacts=N --businesses=N --warmup=N --requests=N --rate=N --seconds=N
                     --partitions=N --profile (JFR of each gate process) --instances=N (gate processes, default 1)
                     --native-profile (Linux perf of the first gate process, saturated and at the steady rate, RocksDB included)
                     --warm-fold=N (new contacts of the warm fold, default --contacts; 0 skips it)""";

    static BenchParameters parse(String[] args) {
        boolean quick = false;
        Map<String, String> values = new LinkedHashMap<>();
        boolean profile = false;
        boolean nativeProfile = false;
        for (String arg : args) {
            switch (arg) {
                case "--quick" -> quick = true;
                case "--profile" -> profile = true;
                case "--native-profile" -> nativeProfile = true;
                default -> {
                    if (!arg.startsWith("--") || !arg.contains("=")) {
                        throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                    }
                    values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
                }
            }
        }
        BenchParameters defaults = quick
                ? new BenchParameters("quick", 50_000, 10, 10_000, 30_000, 5_000, Duration.ofSeconds(10), 0, profile, nativeProfile, 1, 0)
                : new BenchParameters("full", 400_000, 20, 40_000, 200_000, 5_000, Duration.ofSeconds(30), 0, profile, nativeProfile, 1, 0);
        int contacts = intOr(values.remove("contacts"), defaults.contacts);
        BenchParameters parameters = new BenchParameters(defaults.form,
                contacts,
                intOr(values.remove("businesses"), defaults.businesses),
                intOr(values.remove("warmup"), defaults.warmupRequests),
                intOr(values.remove("requests"), defaults.saturationRequests),
                intOr(values.remove("rate"), defaults.rate),
                Duration.ofSeconds(intOr(values.remove("seconds"), (int) defaults.latencyDuration.toSeconds())),
                intOr(values.remove("partitions"), defaults.partitions),
                profile,
                nativeProfile,
                intOr(values.remove("instances"), defaults.instances),
                intOr(values.remove("warm-fold"), contacts));
        if (parameters.warmFoldContacts < 0 || (long) parameters.contacts + parameters.warmFoldContacts > 10_000_000) {
            throw new IllegalArgumentException("--warm-fold must be 0 or more, and contacts + warm fold under 10,000,000 (the phone numbers)\n" + USAGE);
        }
        if (parameters.instances < 1) {
            throw new IllegalArgumentException("--instances must be at least 1\n" + USAGE);
        }
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + values.keySet() + "\n" + USAGE);
        }
        return parameters;
    }

    /**
     * The partitions chosen when none were asked for: one per stream thread of all the gates ({@code instances ×
     * streamThreads}: 2 for one gate of two threads, 4 for two), so that every thread works an equal share of each input.
     * With 3 partitions on two threads, one thread had two of them: at the steady rate its requests waited 124-168 ms on
     * average before it read them, the other thread's 18-19 ms (docs/decisions.md, issue 17, eighth pass).
     */
    BenchParameters withPartitionsFor(int streamThreads) {
        if (partitions > 0) {
            return this;
        }
        return new BenchParameters(form, contacts, businesses, warmupRequests, saturationRequests, rate, latencyDuration, instances * streamThreads,
                profile, nativeProfile, instances, warmFoldContacts);
    }

    /** Requests of the latency measurement, per system. */
    int latencyRequests() {
        return (int) (rate * latencyDuration.toSeconds());
    }

    private static int intOr(String value, int otherwise) {
        return value == null ? otherwise : Integer.parseInt(value.replace("_", ""));
    }
}
